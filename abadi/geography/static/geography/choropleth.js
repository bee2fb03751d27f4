// A choropleth of counts by area: the polygons a page carries as JSON (geography's
// area_map: a province's counties or the country's provinces, each feature with its
// count, count_fa, label and code), shaded by count on a plain ground — no tile layer,
// nothing fetched from the internet. With data-clickable="1" an area opens
// data-list-url with its code for CODE; data-count-word follows each count.
(function () {
  "use strict";
  document.querySelectorAll("[data-choropleth]").forEach(function (element) {
    var source = document.getElementById(element.dataset.source);
    if (source && typeof L !== "undefined") {
      draw(element, JSON.parse(source.textContent));
    }
  });

  function draw(element, collection) {
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
    var word = element.dataset.countWord;
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
          className: "choropleth-label",
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
  }
})();
