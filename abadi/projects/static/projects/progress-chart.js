// The progress chart of a project page: percent by report date, read from the page's
// "progress-series" data island (no inline script), with Persian digits on both axes.
(function () {
  "use strict";
  var canvas = document.getElementById("progress-chart");
  var data = document.getElementById("progress-series");
  if (!canvas || !data || typeof Chart === "undefined") {
    return;
  }
  var series = JSON.parse(data.textContent);
  var persian = function (value) {
    return String(value).replace(/[0-9]/g, function (digit) {
      return "۰۱۲۳۴۵۶۷۸۹".charAt(Number(digit));
    });
  };
  Chart.defaults.font.family = "Vazirmatn, Tahoma, sans-serif";
  var chart = new Chart(canvas, {
    type: "line",
    data: {
      labels: series.map(function (point) {
        return point.date;
      }),
      datasets: [
        {
          label: canvas.dataset.label,
          data: series.map(function (point) {
            return point.percent;
          }),
          borderColor: "#2d6a4f",
          backgroundColor: "rgba(64, 145, 108, 0.15)",
          fill: true,
          tension: 0.2,
          pointRadius: 3,
        },
      ],
    },
    options: {
      maintainAspectRatio: false,
      layout: { padding: { left: 24, right: 8 } },
      animation: false,
      locale: "fa-IR",
      plugins: {
        legend: { display: false },
        tooltip: {
          rtl: true,
          callbacks: {
            label: function (item) {
              return persian(item.parsed.y) + "٪";
            },
          },
        },
      },
      scales: {
        x: { reverse: true, ticks: { autoSkip: true, maxRotation: 0 } },
        y: {
          min: 0,
          max: 100,
          position: "right",
          ticks: {
            stepSize: 25,
            callback: function (value) {
              return persian(value) + "٪";
            },
          },
        },
      },
    },
  });
  canvas.dataset.points = String(chart.data.labels.length);
})();
