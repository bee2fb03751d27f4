// The map of the area browser: draws the polygons the page's map URL returns (the
// provinces of the country, the counties of a province, or the county itself) on a plain
// ground — no tile layer, so nothing is fetched from the internet — and opens an area
// when its polygon is clicked.
(function () {
  "use strict";
  var element = document.getElementById("area-map");
  if (!element || typeof L === "undefined") {
    return;
  }
  var map = L.map(element, { zoomSnap: 0.25, attributionControl: true });
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  map.attributionControl.addAttribution(
    '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap contributors</a>'
  );
  map.setView([32.4, 54.3], 4);

  var style = { color: "#1b5e20", weight: 1, fillColor: "#40916c", fillOpacity: 0.18 };
  var hover = { weight: 2.5, fillOpacity: 0.38 };

  fetch(element.dataset.mapUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json();
    })
    .then(function (collection) {
      if (!collection.features.length) {
        element.insertAdjacentHTML("beforeend", '<div class="p-3 text-body-secondary" dir="rtl"></div>');
        element.lastChild.textContent = element.dataset.empty;
        return;
      }
      var layer = L.geoJSON(collection, {
        style: function () {
          return style;
        },
        onEachFeature: function (feature, shape) {
          var properties = feature.properties;
          shape.bindTooltip(properties.label, {
            permanent: collection.features.length <= 40,
            direction: "center",
            className: "area-label",
          });
          if (!properties.clickable) {
            return;
          }
          shape.on("mouseover", function () {
            shape.setStyle(hover);
          });
          shape.on("mouseout", function () {
            layer.resetStyle(shape);
          });
          shape.on("click", function () {
            window.location.href = element.dataset.areaUrl.replace("CODE", encodeURIComponent(properties.code));
          });
        },
      }).addTo(map);
      element.dataset.features = String(collection.features.length);
      map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    })
    .catch(function () {
      element.dataset.features = "0";
    });
})();
