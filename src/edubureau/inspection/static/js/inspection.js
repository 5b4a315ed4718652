/* 督导统计 charts (ECharts): findings by category, coverage per responsibility zone. Data from json_script. */
(function () {
  "use strict";
  var source = document.getElementById("inspection-data");
  if (!source || !window.echarts) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var charts = [];
  var categories = document.getElementById("inspection-categories");
  if (categories) {
    var c1 = window.echarts.init(categories);
    c1.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: data.categories, inverse: true },
      series: [{ type: "bar", data: data.category_counts, itemStyle: { color: "#e8590c" }, label: { show: true, position: "right" } }]
    });
    charts.push(c1);
  }
  var coverage = document.getElementById("inspection-coverage");
  if (coverage) {
    var c2 = window.echarts.init(coverage);
    c2.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: data.zones, inverse: true },
      series: [
        { name: data.labels.visited, type: "bar", stack: "s", data: data.visited, itemStyle: { color: "#2f9e44" } },
        { name: data.labels.unvisited, type: "bar", stack: "s", data: data.unvisited, itemStyle: { color: "#ced4da" } }
      ]
    });
    charts.push(c2);
  }
  var map = document.getElementById("inspection-map");
  if (map && data.points && data.points.length) {
    var c3 = window.echarts.init(map);
    var pick = function (visited) {
      return data.points.filter(function (p) { return p.visited === visited; })
        .map(function (p) { return { value: [p.lon, p.lat], name: p.name, zone: p.zone }; });
    };
    c3.setOption({
      tooltip: {
        formatter: function (p) {
          var esc = window.echarts.format.encodeHTML;
          return esc(p.data.name) + "<br>" + esc(p.data.zone);
        }
      },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", scale: true, axisLabel: { show: false }, splitLine: { show: false } },
      yAxis: { type: "value", scale: true, axisLabel: { show: false }, splitLine: { show: false } },
      series: [
        { name: data.labels.visited, type: "scatter", symbolSize: 12, data: pick(true), itemStyle: { color: "#2f9e44" } },
        { name: data.labels.unvisited, type: "scatter", symbolSize: 12, data: pick(false), itemStyle: { color: "#adb5bd" } }
      ]
    });
    charts.push(c3);
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
