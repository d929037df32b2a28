// Draws the finance dashboard's charts from the JSON the page embeds (Chart.js, vendored).
(function () {
  "use strict";
  var source = document.getElementById("royalty-charts");
  if (!source || typeof Chart === "undefined") { return; }
  var charts = JSON.parse(source.textContent);
  [["museums", "chart-museums"], ["designers", "chart-designers"]].forEach(function (pair) {
    var canvas = document.getElementById(pair[1]);
    var data = charts[pair[0]];
    if (!canvas || !data) { return; }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set) {
          return { label: set.label, data: set.data.map(Number) };
        })
      },
      options: { responsive: true, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
    });
  });
})();
