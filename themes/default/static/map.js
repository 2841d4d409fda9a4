/* diachido maps. The small script beside a map box loads this file only
   when the visitor asks for the map; this file then loads Leaflet (pinned
   versions, checked against integrity hashes; the addresses and hashes are
   in the box's data-map) and draws the box's points:
     entry: the page's site or marker, with its nearest neighbours
     tour:  the stops, numbered, joined by the route in visiting order
     all:   every site and marker, clustered when crowded (the map page);
            on a large site the box holds only an overview of cells
            ("grid": counts per map tile) and each cell's points are
            fetched when the visitor zooms in to it (see grid below)
   No images: pins are our own CSS (map.css) on Leaflet divIcons. Plain ES5,
   for old phones. */
(function () {
  "use strict";

  var loads = {};

  // load adds a stylesheet or script once; a failure (no signal, wrong
  // hash) forgets it, so that "try again" really tries again.
  function load(css, asset) {
    var url = asset[0];
    if (!loads[url]) {
      loads[url] = new Promise(function (ok, fail) {
        var el = document.createElement(css ? "link" : "script");
        if (css) {
          el.rel = "stylesheet";
          el.href = url;
        } else {
          el.src = url;
        }
        if (asset[1]) {
          el.integrity = asset[1];
          el.crossOrigin = "anonymous";
        }
        el.onload = function () { ok(); };
        el.onerror = function () {
          delete loads[url];
          if (el.parentNode) el.parentNode.removeChild(el);
          fail(new Error("cannot load " + url));
        };
        document.head.appendChild(el);
      });
    }
    return loads[url];
  }

  function status(box, state, text, retry) {
    var p = box.querySelector(".map-status");
    box.setAttribute("data-state", state);
    if (!p) return;
    p.textContent = text || "";
    if (retry) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button";
      b.textContent = retry;
      b.onclick = function () { start(box); };
      p.appendChild(document.createElement("br"));
      p.appendChild(b);
    }
  }

  function start(box) {
    var st = box.getAttribute("data-state");
    if (st === "loading" || st === "ready") return;
    var d = JSON.parse(box.getAttribute("data-map"));
    var lib = d.lib, cluster = d.mode === "all" && lib.cjs;
    status(box, "loading", d.msg.loading);
    var first = [load(true, lib.css), load(false, lib.js)];
    if (cluster) first.push(load(true, lib.ccss));
    Promise.all(first)
      .then(function () { return cluster ? load(false, lib.cjs) : null; })
      .then(function () {
        box.diachidoMap = draw(box, d);
        status(box, "ready");
      })
      .then(null, function () {
        status(box, "error", d.msg.error, d.msg.retry);
      });
  }

  // bubble is the icon of n places: a cluster, or a cell not yet loaded.
  function bubble(n, onlyMarkers) {
    var s = n < 10 ? 34 : n < 100 ? 40 : n < 10000 ? 46 : n < 100000 ? 52 : 60;
    return L.divIcon({ className: "pin-c" + (onlyMarkers ? " pin-c-m" : ""), html: "<span>" + n + "</span>", iconSize: [s, s] });
  }

  function marker(p, here, kinds) {
    var mk = L.marker([p[0], p[1]], { icon: icon(p, here), title: p[3], alt: p[3], kind: p[2], riseOnHover: true, zIndexOffset: here ? 1000 : 0 });
    mk.bindPopup(popup(p, kinds));
    return mk;
  }

  // tileBounds is the area of the slippy-map tile z/x/y.
  function tileBounds(z, x, y) {
    var n = Math.pow(2, z);
    function lat(y) {
      var r = Math.PI - 2 * Math.PI * y / n;
      return 180 / Math.PI * Math.atan(0.5 * (Math.exp(r) - Math.exp(-r)));
    }
    return L.latLngBounds([lat(y + 1), x / n * 360 - 180], [lat(y), (x + 1) / n * 360 - 180]);
  }

  // grid draws a large site's map: a bubble per cell of d.grid.cells
  // ([z, x, y, lat, lng, sites, markers]) until the map's zoom reaches the
  // cell's z with the cell in view; then the cell's file (an array of
  // points) is fetched once and its points take the bubble's place for
  // good. Bubbles and points share the cluster layer, which adds up counts.
  function grid(map, layer, d) {
    var cells = d.grid.cells, state = {}, bubbles = {}, list = [], ll = [];
    for (var i = 0; i < cells.length; i++) {
      var c = cells[i], n = c[5] + c[6];
      var mk = L.marker([c[3], c[4]], { icon: bubble(n, c[5] === 0), kind: c[5] ? "s" : "m", n: n, keyboard: true });
      mk.on("click", (function (c) {
        return function () { map.fitBounds(tileBounds(c[0], c[1], c[2])); };
      })(c));
      bubbles[i] = mk;
      list.push(mk);
      ll.push([c[3], c[4]]);
    }
    layer.addLayers(list);
    layer.addTo(map);
    function fetchCell(i) {
      var c = cells[i], x = new XMLHttpRequest();
      state[i] = 1;
      x.open("GET", d.grid.url + c[0] + "-" + c[1] + "-" + c[2] + ".json");
      x.onload = function () {
        var pts;
        try { pts = x.status === 200 && JSON.parse(x.responseText); } catch (e) { pts = null; }
        if (!pts) { delete state[i]; return; } // the next move tries again
        var mks = [];
        for (var j = 0; j < pts.length; j++) mks.push(marker(pts[j], false, d.kinds));
        layer.removeLayer(bubbles[i]);
        layer.addLayers(mks);
        state[i] = 2;
        map.fire("diachidocell", { cell: i });
      };
      x.onerror = function () { delete state[i]; };
      x.send();
    }
    function update() {
      var z = map.getZoom(), b = map.getBounds();
      for (var i = 0; i < cells.length; i++) {
        if (!state[i] && z >= cells[i][0] && b.intersects(tileBounds(cells[i][0], cells[i][1], cells[i][2]))) fetchCell(i);
      }
    }
    map.on("moveend", update);
    map.fitBounds(L.latLngBounds(ll), { padding: [28, 28], maxZoom: 15 });
    update();
    map.diachidoCells = state;
    return map;
  }

  function icon(p, here) {
    var n = p[5], size = here ? (p[2] === "m" ? 22 : 26) : n ? 26 : (p[2] === "m" ? 17 : 18);
    return L.divIcon({
      className: "pin pin-" + p[2] + (here ? " pin-here" : "") + (n ? " pin-n" : ""),
      html: n ? "<span>" + n + "</span>" : "",
      iconSize: [size, size],
      popupAnchor: [0, -size / 2]
    });
  }

  // popup is built from text nodes: titles come from content files.
  function popup(p, kinds) {
    var div = document.createElement("div");
    var t = document.createElement(p[4] ? "a" : "strong");
    if (p[4]) t.href = p[4];
    t.textContent = (p[5] ? p[5] + ". " : "") + p[3];
    div.appendChild(t);
    var k = document.createElement("small");
    k.textContent = kinds[p[2]] || "";
    div.appendChild(k);
    return div;
  }

  function draw(box, d) {
    var el = box.querySelector(".map-canvas");
    if (el) el.parentNode.removeChild(el);
    el = document.createElement("div");
    el.className = "map-canvas";
    box.appendChild(el);
    var all = d.mode === "all";
    var map = L.map(el, {
      // An embedded map must not trap the page's scrolling: on a phone
      // it pans with two fingers; on a computer the wheel scrolls the page.
      dragging: all || !L.Browser.mobile,
      scrollWheelZoom: all
    });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    L.tileLayer(d.tiles, { attribution: d.attr, maxZoom: 19 }).addTo(map);

    var layer = all && L.markerClusterGroup ? L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 45,
      iconCreateFunction: function (c) {
        // A cell's bubble (grid) counts as its n points.
        var n = 0, only = true, ms = c.getAllChildMarkers();
        for (var i = 0; i < ms.length; i++) {
          n += ms[i].options.n || 1;
          // Blue like a marker's pin when it holds only border markers.
          if (ms[i].options.kind !== "m") only = false;
        }
        return bubble(n, only);
      }
    }) : L.featureGroup();
    if (all && d.grid && L.markerClusterGroup) return grid(map, layer, d);

    var line = [];
    for (var i = 0; i < d.pts.length; i++) {
      var p = d.pts[i], here = d.mode === "entry" && i === 0;
      layer.addLayer(marker(p, here, d.kinds));
      line.push([p[0], p[1]]);
    }
    if (d.mode === "tour" && line.length > 1) {
      L.polyline(line, { color: "#8f1d1d", weight: 4, opacity: 0.7 }).addTo(map);
    }
    layer.addTo(map);

    if (d.mode === "entry") {
      map.setView(line[0], d.zoom || 14);
    } else if (line.length === 1) {
      map.setView(line[0], 14);
    } else {
      map.fitBounds(L.latLngBounds(line), { padding: [28, 28], maxZoom: 15 });
    }
    return map;
  }

  var boxes = document.querySelectorAll(".map[data-on]");
  for (var i = 0; i < boxes.length; i++) start(boxes[i]);
})();
