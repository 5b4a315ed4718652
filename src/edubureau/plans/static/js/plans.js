/* The 督办概览 chart (ECharts): tasks by lead department and status, stacked. Data and every label come
 * from <script type="application/json" id="plan-overview-data"> (json_script); no inline script (CSP). */
(function () {
  "use strict";

  var source = document.getElementById("plan-overview-data");
  var node = document.getElementById("plan-status-chart");
  if (!source || !node || !window.echarts) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var chart = window.echarts.init(node);
  chart.setOption({
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: data.departments, inverse: true },
    series: data.series.map(function (s) {
      return { name: s.name, type: "bar", stack: "all", data: s.values, itemStyle: { color: s.colour } };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();

/* Filter drop-downs marked data-autosubmit submit their form on change (the button stays for no-JS). */
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
