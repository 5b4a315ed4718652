/* Charts of the 体质健康 pages (ECharts). Data and labels come from <script type="application/json"
 * id="fitness-data"> (json_script); no inline script (CSP script-src 'self'). */
(function () {
  "use strict";

  var data = window.ebCharts && window.ebCharts.data("fitness-data");
  if (!data) {
    return;
  }
  var draw = window.ebCharts.draw;
  var round = window.ebCharts.round;
  var t = data.text || {};

  function percent(list) {
    return list.map(function (v) { return v === null ? null : round(v * 100, 1); });
  }

  // County: the three rates year by year.
  if (data.trend && data.years) {
    draw("fitness-trend", {
      title: { text: t.pass + " / " + t.good + " / " + t.excellent, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; } },
      legend: { bottom: 0 },
      grid: { left: 45, right: 20, top: 40, bottom: 40 },
      xAxis: { type: "category", data: data.years.map(function (y) { return y + t.year_suffix; }) },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        { name: t.pass, type: "line", data: percent(data.trend.pass), label: { show: true, formatter: "{c}%" } },
        { name: t.good, type: "line", data: percent(data.trend.good) },
        { name: t.excellent, type: "line", data: percent(data.trend.excellent) }
      ]
    });
  }

  // County: mean points per item, this year against last year.
  if (data.items && data.means) {
    draw("fitness-items", {
      title: { text: t.points, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 45, right: 20, top: 40, bottom: 70 },
      xAxis: { type: "category", data: data.items, axisLabel: { rotate: 30, fontSize: 11, interval: 0 } },
      yAxis: { type: "value", min: 0, max: 100 },
      series: [
        { name: t.county, type: "bar", data: data.means.map(function (v) { return round(v, 1); }) },
        { name: t.last_year, type: "bar", data: data.last_means.map(function (v) { return round(v, 1); }),
          itemStyle: { color: "#adb5bd" } }
      ]
    });
  }

  // School: its item profile against the county's means and its own last year.
  if (data.items && data.school) {
    draw("fitness-profile", {
      title: { text: t.points, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 45, right: 20, top: 40, bottom: 70 },
      xAxis: { type: "category", data: data.items, axisLabel: { rotate: 30, fontSize: 11, interval: 0 } },
      yAxis: { type: "value", min: 0, max: 100 },
      series: [
        { name: t.school, type: "bar", data: data.school.map(function (v) { return round(v, 1); }) },
        { name: t.county, type: "line", data: data.county.map(function (v) { return round(v, 1); }),
          itemStyle: { color: "#e8590c" } },
        { name: t.last_year, type: "bar", data: data.last_year.map(function (v) { return round(v, 1); }),
          itemStyle: { color: "#adb5bd" } }
      ]
    });
  }
}());
