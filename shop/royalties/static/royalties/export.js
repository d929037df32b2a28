// Follows a statement being written in the background: polls its progress and shows the download link
// when it is ready. Without JavaScript the page refreshes itself (<noscript> meta refresh).
(function () {
  "use strict";
  var box = document.getElementById("export");
  if (!box) { return; }
  var bar = document.getElementById("export-progress");
  var count = document.getElementById("export-count");
  var status = document.getElementById("export-status");
  var error = document.getElementById("export-error");
  var ready = document.getElementById("export-ready");
  var link = document.getElementById("export-download");
  var template = count.textContent.replace(/[\d,]+/, "{written}").replace(/[\d,]+/, "{total}");
  var seen = [];
  window.exportProgressSeen = seen; // what the page showed, for whoever watches it (and the browser test)

  function show(state) {
    bar.max = state.total;
    bar.value = state.written;
    count.textContent = template.replace("{written}", state.written.toLocaleString())
      .replace("{total}", state.total.toLocaleString());
    status.textContent = state.status_label;
    box.dataset.status = state.status;
    seen.push(state.written);
    error.hidden = !state.error;
    if (state.error) { error.querySelector("span").textContent = state.error; }
    if (state.url) {
      link.href = state.url;
      ready.hidden = false;
    }
  }

  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        show(state);
        if (state.status !== "ready" && state.status !== "expired") { window.setTimeout(poll, 400); }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  poll();
}());
