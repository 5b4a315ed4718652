// City comparison pages (市级对比, issue 16): one bar per county for each figure of the page's chart data.
document.addEventListener("DOMContentLoaded", () => {
  const holder = document.getElementById("city-chart");
  const source = document.getElementById("city-chart-data");
  if (!holder || !source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const pct = data.series.some((s) => s.pct);
  const chart = echarts.init(holder);
  chart.setOption({
    title: { text: data.title, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis", valueFormatter: (v) => (v == null ? "—" : pct ? v.toFixed(1) + "%" : v) },
    legend: { top: 0, right: 0 },
    grid: { top: 48, left: 48, right: 16, bottom: 32 },
    xAxis: { type: "category", data: data.counties },
    yAxis: { type: "value", axisLabel: { formatter: pct ? "{value}%" : "{value}" }, max: pct ? 100 : null },
    series: data.series.map((s) => ({ name: s.name, type: "bar", barMaxWidth: 28, data: s.data })),
  });
  window.addEventListener("resize", () => chart.resize());
});
