/* The submission editor, enhanced: find relics as you type, see the shares' total, drop images with previews
   you can remove, and watch the upload's progress. The form works without any of it. */
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.querySelector("[data-editor]");
  if (!form) { return; }

  // Relic picker: filter by text, total of the shares, 100% for a single relic.
  var search = form.querySelector("[data-picker-search]");
  var items = Array.prototype.slice.call(form.querySelectorAll("[data-picker-item]"));
  var total = form.querySelector("[data-weights-total]");
  if (search) {
    search.hidden = false;
    search.addEventListener("input", function () {
      var term = search.value.trim().toLowerCase();
      items.forEach(function (item) {
        var checked = item.querySelector("[data-picker-check]").checked;
        item.hidden = !!term && !checked && item.getAttribute("data-text").indexOf(term) === -1;
      });
    });
  }
  function refreshTotal() {
    var chosen = items.filter(function (item) { return item.querySelector("[data-picker-check]").checked; });
    if (chosen.length === 1) {
      var only = chosen[0].querySelector("[data-picker-weight]");
      if (!only.value) { only.value = "100"; }
    }
    var sum = chosen.reduce(function (acc, item) {
      var value = parseFloat(item.querySelector("[data-picker-weight]").value);
      return acc + (isNaN(value) ? 0 : value);
    }, 0);
    total.hidden = chosen.length === 0;
    total.textContent = script.getAttribute("data-total-label") + " " + (Math.round(sum * 100) / 100) + "%";
    total.classList.toggle("is-wrong", Math.abs(sum - 100) > 0.001);
  }
  items.forEach(function (item) {
    item.querySelector("[data-picker-check]").addEventListener("change", refreshTotal);
    item.querySelector("[data-picker-weight]").addEventListener("input", function () {
      var check = item.querySelector("[data-picker-check]");
      if (this.value && !check.checked) { check.checked = true; }
      refreshTotal();
    });
  });
  if (total) { refreshTotal(); }

  // Images: drag and drop onto the zone, previews, remove before sending.
  var zone = form.querySelector("[data-dropzone]");
  var input = zone && zone.querySelector("input[type=file]");
  var previews = zone && zone.querySelector("[data-previews]");
  var chosenFiles = [];
  function syncInput() {
    var transfer = new DataTransfer();
    chosenFiles.forEach(function (file) { transfer.items.add(file); });
    input.files = transfer.files;
    previews.innerHTML = "";
    chosenFiles.forEach(function (file, index) {
      var li = document.createElement("li");
      var img = document.createElement("img");
      img.alt = file.name;
      img.src = URL.createObjectURL(file);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button button-small button-secondary";
      remove.textContent = script.getAttribute("data-remove-label");
      remove.addEventListener("click", function () { chosenFiles.splice(index, 1); syncInput(); });
      var name = document.createElement("span");
      name.className = "small muted overflow-text";
      name.textContent = file.name;
      li.appendChild(img); li.appendChild(name); li.appendChild(remove);
      previews.appendChild(li);
    });
  }
  function add(files) {
    Array.prototype.forEach.call(files, function (file) {
      if (/^image\//.test(file.type)) { chosenFiles.push(file); }
    });
    syncInput();
  }
  if (input && window.DataTransfer) {
    zone.querySelector("[data-dropzone-hint]").hidden = false;
    input.addEventListener("change", function () { var files = Array.prototype.slice.call(input.files); chosenFiles = []; add(files); });
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) { event.preventDefault(); zone.classList.add("is-over"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("is-over"); });
    });
    zone.addEventListener("drop", function (event) { event.preventDefault(); add(event.dataTransfer.files); });
  }

  // Sending with progress: the answer (the next page, or this form with its errors) replaces the page.
  var progress = form.querySelector("[data-progress]");
  form.addEventListener("submit", function (event) {
    if (!window.XMLHttpRequest || !window.FormData || !input || input.files.length === 0) { return; }
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) { data.set(event.submitter.name, event.submitter.value); }
    var request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    progress.hidden = false;
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { progress.value = Math.round((e.loaded / e.total) * 100); }
    });
    request.addEventListener("load", function () {
      // The page the server answered with (its flash message was rendered into it) under its own address.
      if (request.responseURL) { window.history.replaceState(null, "", request.responseURL); }
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener("error", function () { form.submit(); });
    request.send(data);
  });
})();
