// Organiser charts (Chart.js served locally). Data comes from a json_script block.
// Districts and categories are horizontal bars with every label shown (18 districts never fit
// under a vertical bar chart without Chart.js skipping every other label).
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("chart-data");
  if (!el || !window.Chart) return;
  var data = JSON.parse(el.textContent), L = document.getElementById("chart-labels").dataset;
  var base = { responsive: true, maintainAspectRatio: false };
  var every = { autoSkip: false };
  var line = Object.assign({}, base, { scales: { x: { ticks: { autoSkip: true, maxRotation: 0 } } } });
  var bars = Object.assign({}, base, { indexAxis: "y", scales: { y: { ticks: every }, x: { beginAtZero: true } } });
  new Chart(document.getElementById("chart-day"), { type: "line", options: line, data: { labels: data.day.labels,
    datasets: [{ label: L.claims, data: data.day.claims, borderColor: "#a3121f" },
               { label: L.redemptions, data: data.day.redemptions, borderColor: "#0b5cad" }] } });
  new Chart(document.getElementById("chart-district"), { type: "bar", options: bars, data: { labels: data.district.labels,
    datasets: [{ label: L.shops, data: data.district.shops, backgroundColor: "#d9480f" },
               { label: L.redemptions, data: data.district.redemptions, backgroundColor: "#0b5cad" }] } });
  new Chart(document.getElementById("chart-category"), { type: "bar", options: bars, data: { labels: data.category.labels,
    datasets: [{ label: L.claims, data: data.category.claims, backgroundColor: "#a3121f" }] } });
});
