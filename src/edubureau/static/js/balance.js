// Balance standing page: the worst single 差异系数 per level over the school years, against its line.
document.addEventListener("DOMContentLoaded", () => {
  const holder = document.getElementById("balance-trend");
  const source = document.getElementById("balance-trend-data");
  if (!holder || !source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const series = [];
  Object.entries(data.series).forEach(([level, points]) => {
    series.push({
      name: level + " 最大单项差异系数",
      type: "line",
      data: points.map(([year, cv]) => [year + "—" + (year + 1) + "学年", cv]),
      markLine: { symbol: "none", data: [{ yAxis: data.lines[level], name: level + "标准" }] },
    });
  });
  const chart = echarts.init(holder);
  chart.setOption({
    title: { text: "差异系数变化", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    legend: { top: 0, right: 0 },
    xAxis: { type: "category" },
    yAxis: { type: "value", min: 0 },
    series,
  });
  window.addEventListener("resize", () => chart.resize());
});
