/* Charts of the 学业质量 pages (ECharts). Data and labels come from <script type="application/json"
 * id="quality-data"> (json_script); no inline script (CSP script-src 'self'). */
(function () {
  "use strict";

  var data = window.ebCharts && window.ebCharts.data("quality-data");
  if (!data) {
    return;
  }
  var draw = window.ebCharts.draw;
  var round = window.ebCharts.round;
  var t = data.text || {};

  // Overview: one box per school (min, Q1, median, Q3, max of the subject) against the county mean.
  if (data.boxes) {
    draw("quality-box", {
      title: { text: t.box, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "item" },
      grid: { left: 50, right: 20, top: 40, bottom: 110 },
      xAxis: { type: "category", data: data.schools, axisLabel: { rotate: 60, fontSize: 10, interval: 0 } },
      yAxis: { type: "value", scale: true },
      series: [{
        type: "boxplot",
        data: data.boxes.map(function (b) { return b.map(function (v) { return round(v, 1); }); }),
        itemStyle: { color: "#dbe7fb", borderColor: "#3d7fd9" },
        markLine: data.county_mean === null ? undefined : {
          symbol: "none", lineStyle: { color: "#e8590c", type: "dashed" },
          label: { position: "insideEndTop", formatter: t.county_mean + " " + round(data.county_mean, 1) },
          data: [{ yAxis: round(data.county_mean, 2) }]
        }
      }]
    });
  }

  // Overview: count of candidates per tenth of full marks, one line per subject.
  if (data.bands) {
    var names = Object.keys(data.bands);
    draw("quality-bands", {
      title: { text: t.bands, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 50, right: 20, top: 60, bottom: 50 },
      xAxis: { type: "category", data: ["0–10%", "10–20%", "20–30%", "30–40%", "40–50%", "50–60%", "60–70%",
        "70–80%", "80–90%", "90–100%"] },
      yAxis: { type: "value", name: t.count },
      series: names.map(function (name) {
        return { name: name, type: "line", smooth: true, data: data.bands[name].counts };
      })
    });
  }

  // School page: each class's 比均率 per subject (1 = county mean).
  if (data.ratios) {
    draw("quality-classes", {
      title: { text: t.ratio, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 50, right: 20, top: 40, bottom: 50 },
      xAxis: { type: "category", data: data.subjects },
      yAxis: { type: "value", scale: true },
      series: data.classes.map(function (name, i) {
        return {
          name: name, type: "bar",
          data: data.ratios[i].map(function (v) { return round(v, 3); }),
          markLine: i === 0 ? { symbol: "none", data: [{ yAxis: 1 }], lineStyle: { color: "#e8590c" } } : undefined
        };
      })
    });
  }

  // Teacher page: each class–subject's mean beside the county mean of that exam and subject.
  if (data.class_means) {
    var labels = data.labels.slice().reverse();
    draw("quality-teacher", {
      title: { text: t.title, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", axisPointer: { type: "line" } },
      legend: { data: [t["class"], t.county], top: 0, right: 10 },
      grid: { left: 200, right: 30, top: 40, bottom: 30 },
      yAxis: { type: "category", data: labels, axisLabel: { fontSize: 10 } },
      xAxis: { type: "value", scale: true },
      series: [
        // Points, not bars: the axis does not start at 0, so bar lengths would mislead.
        { name: t["class"], type: "scatter", symbolSize: 12,
          data: data.class_means.slice().reverse().map(function (v) { return round(v, 2); }) },
        { name: t.county, type: "scatter", symbol: "diamond", symbolSize: 10,
          data: data.county_means.slice().reverse().map(function (v) { return round(v, 2); }) }
      ]
    });
  }

  // Value-added: each school's mean residual with its 95% interval, best at the top.
  if (data.values) {
    var rows = data.schools.slice().reverse();
    var values = data.values.slice().reverse();
    var low = data.low.slice().reverse();
    var high = data.high.slice().reverse();
    draw("quality-va", {
      title: { text: t.title, textStyle: { fontSize: 14 } },
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var i = p.dataIndex;
          return rows[i] + "<br>" + round(values[i], 3) + "（" + round(low[i], 3) + " ～ " + round(high[i], 3) + "）";
        }
      },
      grid: { left: 130, right: 30, top: 40, bottom: 30 },
      yAxis: { type: "category", data: rows, axisLabel: { fontSize: 10 } },
      xAxis: { type: "value" },
      series: [
        {
          type: "custom",
          renderItem: function (params, api) {
            var y = api.value(0);
            var a = api.coord([api.value(1), y]);
            var b = api.coord([api.value(2), y]);
            var h = 4;
            return { type: "group", children: [
              { type: "line", shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style: { stroke: "#868e96" } },
              { type: "line", shape: { x1: a[0], y1: a[1] - h, x2: a[0], y2: a[1] + h }, style: { stroke: "#868e96" } },
              { type: "line", shape: { x1: b[0], y1: b[1] - h, x2: b[0], y2: b[1] + h }, style: { stroke: "#868e96" } }
            ] };
          },
          encode: { x: [1, 2], y: 0 },
          data: rows.map(function (_, i) {
            return [i, low[i] === null ? values[i] : low[i], high[i] === null ? values[i] : high[i]];
          }),
          z: 1
        },
        {
          type: "scatter", symbolSize: 8, z: 2,
          data: values.map(function (v, i) { return [round(v, 3), i]; }),
          itemStyle: { color: function (p) { return p.value[0] >= 0 ? "#2f9e44" : "#e03131"; } },
          markLine: { symbol: "none", data: [{ xAxis: 0 }], lineStyle: { color: "#495057" }, label: { formatter: t.zero } }
        }
      ]
    });
  }
})();
