// Balance standing page: per level over the school years, the worst single 差异系数 against its line (lines)
// and the number of schools failing the 6-of-7 / 85% rule (bars, right axis).
document.addEventListener("DOMContentLoaded", () => {
  const holder = document.getElementById("balance-trend");
  const source = document.getElementById("balance-trend-data");
  if (!holder || !source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const label = (year) => year + "—" + (year + 1) + "学年";
  const series = [];
  Object.entries(data.series).forEach(([level, points]) => {
    series.push({
      name: level + " 最大单项差异系数",
      type: "line",
      data: points.map(([year, cv]) => [label(year), cv]),
      markLine: { symbol: "none", label: { position: "insideStartTop", formatter: level + "标准 {c}" }, data: [{ yAxis: data.lines[level] }] },
    });
  });
  Object.entries(data.failing || {}).forEach(([level, points]) => {
    series.push({
      name: level + " 未达标学校数",
      type: "bar",
      yAxisIndex: 1,
      barMaxWidth: 24,
      itemStyle: { opacity: 0.45 },
      data: points.map(([year, n]) => [label(year), n]),
    });
  });
  const chart = echarts.init(holder);
  chart.setOption({
    title: { text: "差异系数与未达标学校数", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    // Legend on its own line under the title, scrolling when narrow (a phone, A4 paper): they overlapped (issue 17).
    legend: { top: 26, left: 0, type: "scroll" },
    grid: { top: 80, right: 56 },
    xAxis: { type: "category" },
    yAxis: [
      { type: "value", name: "差异系数", min: 0, max: (v) => Math.max(0.6, Math.ceil(v.max * 10) / 10) },
      { type: "value", name: "学校数", min: 0, minInterval: 1, splitLine: { show: false } },
    ],
    series,
  });
  window.addEventListener("resize", () => chart.resize());
});
