// The map of projects: the counties of a province (or the provinces of the country)
// shaded by how many projects their places hold, read from the page's data island, on a
// plain ground — no tile layer, nothing fetched from the internet. A shape opens the list
// of its projects.
(function () {
  "use strict";
  var element = document.getElementById("project-map");
  var data = document.getElementById("project-map-data");
  if (!element || !data || typeof L === "undefined") {
    return;
  }
  var collection = JSON.parse(data.textContent);
  var map = L.map(element, { zoomSnap: 0.25, attributionControl: true });
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  map.attributionControl.addAttribution('© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap contributors</a>');
  map.setView([32.4, 54.3], 4);
  if (!collection.features.length) {
    element.insertAdjacentHTML("beforeend", '<div class="p-3 text-body-secondary" dir="rtl"></div>');
    element.lastChild.textContent = element.dataset.empty;
    element.dataset.features = "0";
    return;
  }
  var most = collection.features.reduce(function (top, feature) {
    return Math.max(top, feature.properties.count || 0);
  }, 0);
  var shade = function (count) {
    if (!count) {
      return 0.05;
    }
    return 0.2 + 0.6 * (count / (most || 1));
  };
  var filter = element.dataset.level === "province" ? "province" : "county";
  var query = new URLSearchParams(window.location.search);
  query.delete("area");
  var layer = L.geoJSON(collection, {
    style: function (feature) {
      return { color: "#1b5e20", weight: 1, fillColor: "#2d6a4f", fillOpacity: shade(feature.properties.count) };
    },
    onEachFeature: function (feature, shape) {
      var properties = feature.properties;
      // On a wide map every shape carries its count; its name and count show on hover
      // (or a tap on a phone).
      var permanent = collection.features.length <= 40 && properties.count > 0 && element.clientWidth >= 600;
      var full = properties.label + " — " + properties.count_fa + " " + element.dataset.unit;
      shape.bindTooltip(permanent ? properties.count_fa : full, {
        permanent: permanent,
        direction: "center",
        className: "project-label",
      });
      if (permanent) {
        shape.on("mouseover", function () {
          shape.setTooltipContent(full);
        });
        shape.on("mouseout", function () {
          shape.setTooltipContent(properties.count_fa);
        });
      }
      shape.on("click", function () {
        query.set(filter, properties.code);
        window.location.href = element.dataset.listUrl + "?" + query.toString();
      });
    },
  }).addTo(map);
  element.dataset.features = String(collection.features.length);
  map.fitBounds(layer.getBounds(), { padding: [8, 8] });
})();
