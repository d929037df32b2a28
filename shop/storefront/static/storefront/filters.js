// On a phone the shop's filters start folded under their heading, so the products are the first thing seen;
// without this script (or with a filter error to show) they stay open, as on a wide screen.
(function () {
  "use strict";
  var panel = document.querySelector("details[data-fold-on-phone]");
  if (panel && window.matchMedia("(width <= 860px)").matches) {
    panel.removeAttribute("open");
  }
})();
