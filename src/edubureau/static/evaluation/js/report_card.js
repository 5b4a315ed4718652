// School report card: each first-level indicator's score rate against the category mean (radar).
document.addEventListener("DOMContentLoaded", () => {
  const print = document.getElementById("report-print");
  if (print) print.addEventListener("click", () => window.print());
  const holder = document.getElementById("report-radar");
  const source = document.getElementById("report-radar-data");
  if (!holder || !source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const chart = echarts.init(holder);
  chart.setOption({
    title: { text: "得分率（%）与本类别平均", textStyle: { fontSize: 14 } },
    tooltip: {},
    legend: { bottom: 0, data: ["本校", "本类别平均"] },
    radar: { indicator: data.indicators, radius: "62%", axisName: { color: "#333" } },
    series: [{
      type: "radar",
      data: [
        { name: "本校", value: data.school, areaStyle: { opacity: 0.25 }, label: { show: true, formatter: "{c}" } },
        { name: "本类别平均", value: data.mean, lineStyle: { type: "dashed" } },
      ],
    }],
  });
  window.addEventListener("resize", () => chart.resize());
});
