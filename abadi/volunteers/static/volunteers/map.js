// The county map of volunteer groups: the polygons the page carries as JSON (a province's
// counties or the country's provinces), shaded by their group counts on a plain ground —
// no tile layer, nothing fetched from the internet. A county opens its list of groups.
(function () {
  "use strict";
  var element = document.getElementById("group-map");
  var source = element && document.getElementById(element.dataset.source);
  if (!element || !source || typeof L === "undefined") {
    return;
  }
  var collection = JSON.parse(source.textContent);
  var map = L.map(element, { zoomSnap: 0.25, attributionControl: true });
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  map.attributionControl.addAttribution(
    '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap contributors</a>'
  );
  map.setView([32.4, 54.3], 4);
  if (!collection.features.length) {
    element.insertAdjacentHTML("beforeend", '<div class="p-3 text-body-secondary" dir="rtl"></div>');
    element.lastChild.textContent = element.dataset.empty;
    element.dataset.features = "0";
    return;
  }
  var most = 0;
  collection.features.forEach(function (feature) {
    most = Math.max(most, feature.properties.count || 0);
  });
  function style(feature) {
    var share = most ? (feature.properties.count || 0) / most : 0;
    return { color: "#1b5e20", weight: 1, fillColor: "#2d6a4f", fillOpacity: 0.08 + 0.62 * share };
  }
  var clickable = element.dataset.clickable === "1";
  var word = element.dataset.groupsWord;
  var layer = L.geoJSON(collection, {
    style: style,
    onEachFeature: function (feature, shape) {
      var properties = feature.properties;
      // Built as elements, never as HTML text: names come from the reference data.
      var label = document.createElement("div");
      var name = document.createElement("div");
      var count = document.createElement("div");
      name.textContent = properties.label;
      count.textContent = properties.count_fa + " " + word;
      label.appendChild(name);
      label.appendChild(count);
      shape.bindTooltip(label, {
        // On a phone the counties are too small for labels that stay: a tap shows one.
        permanent: collection.features.length <= 40 && element.clientWidth >= 560,
        direction: "center",
        className: "group-count-label",
      });
      if (!clickable) {
        return;
      }
      shape.on("mouseover", function () {
        shape.setStyle({ weight: 2.5 });
      });
      shape.on("mouseout", function () {
        layer.resetStyle(shape);
      });
      shape.on("click", function () {
        window.location.href = element.dataset.listUrl.replace("CODE", encodeURIComponent(properties.code));
      });
    },
  }).addTo(map);
  element.dataset.features = String(collection.features.length);
  map.fitBounds(layer.getBounds(), { padding: [8, 8] });
})();
