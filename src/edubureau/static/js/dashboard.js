/* The bureau dashboard's charts (ECharts). Data and every label come from the page's
 * <script type="application/json" id="dashboard-data"> (json_script): no text is written here,
 * so the charts follow the page's language, and no inline script is needed (CSP script-src 'self'). */
(function () {
  "use strict";

  var data = window.ebCharts && window.ebCharts.data("dashboard-data");
  if (!data) {
    return;
  }
  var draw = window.ebCharts.draw;
  var t = data.text;
  var BLUE = "#3d7fd9";
  var GREEN = "#2f9e44";
  var AGE_COLOURS = ["#a5d8ff", "#4dabf7", "#1971c2", "#ffa94d", "#e8590c"];
  var TITLE_COLOURS = ["#5f3dc4", "#7950f2", "#9775fa", "#b197fc", "#d0bfff", "#ced4da"];
  var BAND_COLOURS = ["#69db7c", "#ffd43b", "#ff922b", "#e03131"];

  function fmt(n) {
    return n === null || n === undefined ? "—" : Number(n).toLocaleString("zh-CN");
  }

  function share(values) {
    var total = values.reduce(function (a, b) { return a + b; }, 0);
    return values.map(function (v) { return total ? Math.round(1000 * v / total) / 10 : 0; });
  }

  // Where the pupils are and where the teachers are: each group's share of all pupils and of all full-time
  // teachers on one axis (a group with a taller pupil bar than teacher bar is short of teachers); the
  // numbers on the bars are head counts, the school count sits under the label.
  function groupChart(id, g) {
    draw(id, {
      color: [BLUE, GREEN],
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: function (items) {
          var i = items[0].dataIndex;
          var ratio = g.teachers[i] ? (g.students[i] / g.teachers[i]).toFixed(1) + " : 1" : "—";
          return "<b>" + g.labels[i] + "</b><br>" + t.schools + " " + fmt(g.schools[i]) + " " + t.school_unit +
            "<br>" + t.students + " " + fmt(g.students[i]) + " " + t.people + "（" + items[0].value + "%）" +
            "<br>" + t.teachers + " " + fmt(g.teachers[i]) + " " + t.people + "（" + (items[1] ? items[1].value : 0) +
            "%）<br>" + t.ratio + " " + ratio;
        }
      },
      legend: { top: 0, data: [t.students, t.teachers] },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      xAxis: {
        type: "category",
        data: g.labels.map(function (label, i) { return label + "\n" + fmt(g.schools[i]) + t.school_unit; }),
        axisLabel: { interval: 0, fontSize: 11, lineHeight: 15 }
      },
      yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
      series: [
        { name: t.students, type: "bar", data: share(g.students), barMaxWidth: 26,
          label: { show: true, position: "top", fontSize: 10,
                   formatter: function (p) { return fmt(g.students[p.dataIndex]); } } },
        { name: t.teachers, type: "bar", data: share(g.teachers), barMaxWidth: 26,
          label: { show: true, position: "top", fontSize: 10, color: GREEN,
                   formatter: function (p) { return fmt(g.teachers[p.dataIndex]); } } }
      ]
    });
  }

  // Shares of each band (age or title) per row (合计, 城区, 镇区, 乡村), as 100% stacked bars.
  function structureChart(id, s, colours) {
    var totals = s.counts.map(function (row) { return row.reduce(function (a, b) { return a + b; }, 0); });
    draw(id, {
      color: colours,
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: function (items) {
          var r = items[0].dataIndex;
          var lines = items.map(function (p) {
            return p.marker + p.seriesName + " " + fmt(s.counts[r][p.seriesIndex]) + " " + t.people + "（" + p.value + "%）";
          });
          return "<b>" + s.rows[r] + "</b>（" + fmt(totals[r]) + " " + t.people + "）<br>" + lines.join("<br>");
        }
      },
      legend: { top: 0, itemWidth: 14, itemHeight: 10 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", data: s.rows, inverse: true },
      series: s.bands.map(function (band, j) {
        return {
          name: band, type: "bar", stack: "share", barWidth: "55%", barMaxWidth: 40,
          data: s.counts.map(function (row, r) { return totals[r] ? Math.round(1000 * row[j] / totals[r]) / 10 : 0; }),
          label: { show: true, fontSize: 10, color: j >= 2 ? "#fff" : "#333",
                   formatter: function (p) { return p.value >= 7 ? p.value + "%" : ""; } }
        };
      })
    });
  }

  function bandsChart(id, b) {
    draw(id, {
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: function (items) {
          var i = items[0].dataIndex;
          return "<b>" + b.labels[i] + "</b><br>" + fmt(b.values[i]) + " " + t.class_unit + "（" + b.shares[i] + "%）";
        }
      },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: b.labels, axisLabel: { interval: 0, fontSize: 11 } },
      yAxis: { type: "value", name: t.classes, axisLabel: { formatter: fmt } },
      series: [{
        type: "bar", barMaxWidth: 48,
        data: b.values.map(function (v, i) { return { value: v, itemStyle: { color: BAND_COLOURS[i] } }; }),
        label: { show: true, position: "top", fontSize: 11,
                 formatter: function (p) { return fmt(p.value) + "（" + b.shares[p.dataIndex] + "%）"; } }
      }]
    });
  }

  groupChart("chart-parts", data.parts);
  groupChart("chart-zones", data.zones);
  groupChart("chart-localities", data.localities);
  structureChart("chart-age", data.age, AGE_COLOURS);
  structureChart("chart-titles", data.titles, TITLE_COLOURS);
  bandsChart("chart-bands", data.class_bands);
})();
