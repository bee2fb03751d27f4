// The dashboard's charts and map: one request to /api/v1/dashboard (the page carries its
// address), then Chart.js draws the trend by month, the values by child area and by type,
// and Leaflet shades the child areas' polygons (carried in the page as GeoJSON) by value.
// Numbers are written with Persian digits (Intl, fa-IR); labels come from the server.
(function () {
  "use strict";
  var box = document.getElementById("dashboard-charts");
  if (!box || typeof Chart === "undefined") {
    return;
  }
  var texts = JSON.parse(document.getElementById("dashboard-texts").textContent);
  var digits = new Intl.NumberFormat("fa-IR", { maximumFractionDigits: 2 });
  var COLOURS = ["#eef6ec", "#b7dfb0", "#74c476", "#31a354", "#006d2c"];
  var BILLION = 1e9;

  Chart.defaults.font.family = "Vazirmatn, Tahoma, sans-serif";
  Chart.defaults.locale = "fa-IR";

  // Rials read in billions once they reach a billion, as the office's reports write them.
  function scaleOf(unit, values) {
    var most = 0;
    values.forEach(function (v) { if (v !== null && Math.abs(v) > most) { most = Math.abs(v); } });
    return unit === "rial" && most >= BILLION ? BILLION : 1;
  }
  function written(value, scale) {
    if (value === null || value === undefined) {
      return "—";
    }
    var text = digits.format(value / scale);
    return scale === BILLION ? text + " " + texts.billion : text;
  }
  function empty(canvas) {
    var note = document.createElement("div");
    note.className = "dash-chart-empty";
    note.textContent = texts.no_data;
    canvas.replaceWith(note);
  }
  function options(scale, horizontal) {
    var valueAxis = {
      beginAtZero: true,
      title: { display: scale === BILLION, text: texts.billion },
      ticks: { callback: function (v) { return digits.format(v / scale); } },
    };
    var labelAxis = { reverse: !horizontal, ticks: { autoSkip: true, maxRotation: 0 } };
    return {
      responsive: true,
      maintainAspectRatio: false,
      locale: "fa-IR",
      indexAxis: horizontal ? "y" : "x",
      scales: horizontal ? { x: Object.assign({ reverse: true }, valueAxis), y: labelAxis } : { x: labelAxis, y: valueAxis },
      plugins: {
        legend: { rtl: true, textDirection: "rtl", display: !horizontal },
        tooltip: {
          rtl: true,
          textDirection: "rtl",
          callbacks: {
            label: function (context) {
              var value = horizontal ? context.parsed.x : context.parsed.y;
              return (context.dataset.label ? context.dataset.label + ": " : "") + written(value, scale);
            },
          },
        },
      },
    };
  }
  function trend(data) {
    var canvas = document.getElementById("chart-trend");
    var all = data.trend.this_year.concat(data.trend.last_year);
    if (!canvas) { return; }
    if (!all.some(function (v) { return v; })) { empty(canvas); return; }
    var scale = scaleOf(data.indicator.unit, all);
    new Chart(canvas, {
      type: data.indicator.state ? "line" : "bar",
      data: {
        labels: data.trend.labels,
        datasets: [
          { label: texts.this_year, data: data.trend.this_year, backgroundColor: "#2d6a4f", borderColor: "#2d6a4f" },
          { label: texts.last_year, data: data.trend.last_year, backgroundColor: "#b7c9bf", borderColor: "#95a99c" },
        ],
      },
      options: options(scale, false),
    });
  }
  function bars(id, labels, values, label, unit) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    if (!values.some(function (v) { return v; })) { empty(canvas); return; }
    var scale = scaleOf(unit, values);
    new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [{ label: label, data: values, backgroundColor: "#40916c" }] },
      options: options(scale, true),
    });
  }
  function classOf(value, most) {
    if (value === null || value === undefined) { return -1; }
    if (!most || value <= 0) { return 0; }
    return Math.min(4, Math.floor((value / most) * 5));
  }
  function choropleth(data) {
    var element = document.getElementById("dashboard-map");
    var source = element && document.getElementById(element.dataset.shapes);
    if (!element || !source || typeof L === "undefined") { return; }
    var shapes = JSON.parse(source.textContent);
    var values = {};
    var most = 0;
    data.by_area.forEach(function (row) {
      values[row.code] = row;
      if (row.value !== null && row.value > most) { most = row.value; }
    });
    var scale = scaleOf(data.indicator.unit, data.by_area.map(function (row) { return row.value; }));
    var map = L.map(element, { zoomSnap: 0.25, attributionControl: true });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    var layer = L.geoJSON(shapes, {
      style: function (feature) {
        var row = values[feature.properties.code];
        var step = classOf(row ? row.value : null, most);
        return { color: "#1b5e20", weight: 1, fillColor: step < 0 ? "#ffffff" : COLOURS[step], fillOpacity: 0.85 };
      },
      onEachFeature: function (feature, shape) {
        var row = values[feature.properties.code];
        // Built as elements, never as HTML text: names come from the reference data.
        var label = document.createElement("div");
        var name = document.createElement("div");
        var figure = document.createElement("div");
        name.textContent = feature.properties.label;
        figure.textContent = written(row ? row.value : null, scale);
        label.appendChild(name);
        label.appendChild(figure);
        shape.bindTooltip(label, { direction: "center", className: "dash-map-label" });
        shape.on("click", function () {
          window.location.href = element.dataset.drillUrl.replace("CODE", encodeURIComponent(feature.properties.code));
        });
      },
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    var legend = L.control({ position: "bottomleft" });
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "dash-legend");
      div.dir = "rtl";
      var title = document.createElement("div");
      title.className = "fw-semibold";
      title.textContent = texts.legend;
      div.appendChild(title);
      for (var step = 4; step >= 0; step -= 1) {
        var line = document.createElement("div");
        var swatch = document.createElement("i");
        swatch.className = "dash-swatch-" + step;
        line.appendChild(swatch);
        var low = (most * step) / 5;
        var high = (most * (step + 1)) / 5;
        line.appendChild(document.createTextNode(written(low, scale) + " – " + written(high, scale)));
        div.appendChild(line);
      }
      return div;
    };
    legend.addTo(map);
    element.dataset.features = String(shapes.features.length);
  }
  fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    })
    .then(function (data) {
      trend(data);
      bars(
        "chart-area",
        data.by_area.map(function (row) { return row.name; }),
        data.by_area.map(function (row) { return row.value; }),
        texts.this_year,
        data.indicator.unit
      );
      bars(
        "chart-type",
        data.by_type.items.map(function (row) { return row.label; }),
        data.by_type.items.map(function (row) { return row.value; }),
        texts.this_year,
        data.indicator.unit
      );
      choropleth(data);
      box.dataset.loaded = "1";
    })
    .catch(function () {
      box.querySelectorAll("canvas").forEach(empty);
      box.dataset.loaded = "error";
    });
})();
