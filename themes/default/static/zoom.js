// Deep zoom and before/after comparisons (exhibitions). Loaded (defer) by
// partials/zoom.html and partials/compare.html; a page with several loads
// it once.
//
// Zoom: shows each [data-zoom] block's "Phóng to / Zoom" button (hidden
// without scripts, where the link to the large image remains). Only on a
// tap does it load OpenSeadragon (the address and integrity hash in
// data-zoom), then the image's IIIF info.json, and open a full-screen
// viewer of its static tiles, with our own buttons (OpenSeadragon's
// would load their pictures from elsewhere).
//
// Compare: lays the two images of each [data-compare] over each other with
// a slider under them. The slider takes horizontal drags only
// (touch-action: pan-y in zoom.css), so a vertical swipe scrolls the page.
(function () {
  "use strict";
  if (window.diachidoZoom) return;
  window.diachidoZoom = true;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  var loading = null;
  function library(lib) {
    if (window.OpenSeadragon) return Promise.resolve(window.OpenSeadragon);
    if (loading) return loading;
    loading = new Promise(function (ok, fail) {
      var s = document.createElement("script");
      s.src = lib[0];
      s.integrity = lib[1];
      s.crossOrigin = "anonymous";
      s.onload = function () { window.OpenSeadragon ? ok(window.OpenSeadragon) : fail(new Error("no OpenSeadragon")); };
      s.onerror = function () { loading = null; fail(new Error("load " + lib[0])); };
      document.head.appendChild(s);
    });
    return loading;
  }

  function open(box, d, opener) {
    var M = d.msg || {};
    var dlg = el("div", "zoom-viewer");
    dlg.setAttribute("role", "dialog");
    dlg.setAttribute("aria-modal", "true");
    dlg.setAttribute("aria-label", box.getAttribute("data-alt") || "");
    var stage = el("div", "zoom-stage");
    var status = el("p", "zoom-status", M.loading);
    status.setAttribute("role", "status");
    var bar = el("div", "zoom-bar");
    function btn(cls, label, text, on) {
      var b = el("button", "zoom-btn " + cls, text);
      b.type = "button";
      b.setAttribute("aria-label", label);
      b.title = label;
      b.onclick = on;
      bar.appendChild(b);
      return b;
    }
    var viewer = null;
    function close() {
      document.removeEventListener("keydown", key);
      if (viewer) viewer.destroy();
      dlg.remove();
      document.documentElement.classList.remove("zoom-open");
      opener.focus();
    }
    function key(e) { if (e.key === "Escape") close(); }
    btn("zoom-in", M["in"], "+", function () { if (viewer) viewer.viewport.zoomBy(1.6).applyConstraints(); });
    btn("zoom-out", M.out, "−", function () { if (viewer) viewer.viewport.zoomBy(1 / 1.6).applyConstraints(); });
    var x = btn("zoom-close", M.close, "×", close);
    dlg.appendChild(stage);
    dlg.appendChild(status);
    dlg.appendChild(bar);
    document.body.appendChild(dlg);
    document.documentElement.classList.add("zoom-open");
    document.addEventListener("keydown", key);
    x.focus();
    var info = new URL(d.info, location.href).href;
    Promise.all([library(d.lib), fetch(info).then(function (r) {
      if (!r.ok) throw new Error(info + ": " + r.status);
      return r.json();
    })]).then(function (res) {
      if (!dlg.isConnected) return;
      var src = res[1];
      // Tiles are asked of the host the page came from, whatever baseURL
      // info.json names: a preview or a mirror then works too.
      src.id = info.replace(/\/info\.json$/, "");
      viewer = res[0]({
        element: stage,
        tileSources: src,
        drawer: "canvas",
        showNavigationControl: false,
        showNavigator: false,
        visibilityRatio: 1,
        minZoomImageRatio: 0.9,
        maxZoomPixelRatio: 2,
        gestureSettingsTouch: { pinchRotate: false },
        crossOriginPolicy: false
      });
      viewer.addOnceHandler("open", function () { status.textContent = ""; dlg.setAttribute("data-state", "ready"); });
      viewer.addHandler("open-failed", function () { fail(); });
    }, fail);
    function fail() {
      status.textContent = M.error;
      dlg.setAttribute("data-state", "error");
      var a = box.querySelector("a.zoom-full");
      if (a) {
        var l = el("a", "zoom-fallback", a.textContent);
        l.href = a.href;
        status.appendChild(document.createTextNode(" "));
        status.appendChild(l);
      }
    }
  }

  function zoom(box) {
    var d;
    try { d = JSON.parse(box.getAttribute("data-zoom")); } catch (e) { return; }
    if (!d || !d.lib || !/^(https:\/\/|\/(?!\/))/.test(d.lib[0]) || !window.Promise || !window.fetch) return;
    var b = box.querySelector("button.zoom-open");
    if (!b) return;
    b.hidden = false;
    b.onclick = function () { open(box, d, b); };
  }

  function compare(box) {
    var range = el("input", "compare-range");
    range.type = "range";
    range.min = "0";
    range.max = "100";
    range.value = "50";
    range.setAttribute("aria-label", box.getAttribute("data-slider") || "");
    function set() { box.style.setProperty("--pos", range.value + "%"); }
    range.oninput = set;
    set();
    box.classList.add("compare-on");
    box.appendChild(range);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-zoom]"), zoom);
    Array.prototype.forEach.call(document.querySelectorAll("[data-compare]"), compare);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
