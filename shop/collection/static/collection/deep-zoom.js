/* Deep zoom: every [data-deep-zoom] figure gets a "Zoom" button that opens an OpenSeadragon viewer on its IIIF
   tile source (the JSON in data-tile-source). Without JavaScript the figure keeps its still image. */
(function () {
  "use strict";
  var prefix = document.currentScript.getAttribute("data-prefix");
  function open(figure, button) {
    var holder = figure.querySelector(".deep-zoom-viewer");
    holder.hidden = false;
    var still = figure.querySelector(".deep-zoom-still");
    if (still) { still.hidden = true; }
    var viewer = OpenSeadragon({
      element: holder,
      prefixUrl: prefix,
      tileSources: JSON.parse(figure.getAttribute("data-tile-source")),
      showNavigator: true,
      navigatorPosition: "BOTTOM_RIGHT",
      maxZoomPixelRatio: 2,
      gestureSettingsTouch: { pinchRotate: false },
      crossOriginPolicy: false
    });
    figure.deepZoomViewer = viewer;
    button.hidden = true;
    figure.setAttribute("data-zoom-open", "true");
  }
  document.querySelectorAll("[data-deep-zoom]").forEach(function (figure) {
    var button = figure.querySelector(".deep-zoom-open");
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () { open(figure, button); });
  });
})();
