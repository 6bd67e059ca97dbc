// Matchmaking dashboard: draw the charts from the JSON in #chart-data (Chart.js, from var/vendor).
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("chart-data");
  if (!window.Chart || !source) return;
  var data = JSON.parse(source.textContent);
  var round = ["by_status", "by_intro", "outcomes"];
  Object.keys(data).forEach(function (key) {
    var el = document.getElementById("chart-" + key);
    if (!el || !data[key].data.length) return;
    var isRound = round.indexOf(key) >= 0;
    new Chart(el, {type: isRound ? "doughnut" : "bar",
      data: {labels: data[key].labels, datasets: [{data: data[key].data}]},
      options: {plugins: {legend: {display: isRound}}, indexAxis: key === "by_status" ? undefined : "y"}});
  });
});
