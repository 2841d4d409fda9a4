// diachido's service worker: it serves the packs a visitor saved with
// "Save for offline" (static/offline.js registers it when the button is
// pressed, never before). Each pack is one cache named
// "diachido <manifest URL> <version>", whose version is the digest of the
// pack's files, so a rebuild that changes any of them gives it a new name;
// the manifest is stored last, so a cache holding it is complete.
//
// Pages: from the network, or from the cache when the network fails or
// takes more than 4 s; a page not saved gets the offline page of its
// language. Other files: from the cache when saved (audio answers Range
// requests from the whole cached file), else from the network. On an
// online visit it checks each saved pack's manifest and replaces a pack
// whose version changed.
"use strict";
var P = "diachido ";
var scope = self.registration.scope;
var checked = 0, busy = false;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (e) { e.waitUntil(self.clients.claim()); });

function packs() {
  return caches.keys().then(function (ks) { return ks.filter(function (k) { return k.indexOf(P) === 0; }); });
}
function urlOf(name) { return name.slice(P.length).split(" ")[0]; }

// previous is the saved copy of the pack of manifest url that save
// replaces: its cache, and each file's digest by URL; or null.
function previous(url, name) {
  return complete().then(function (ks) {
    var k = ks.filter(function (k) { return k !== name && urlOf(k) === url; })[0];
    if (!k) return null;
    return caches.open(k).then(function (c) {
      return c.match(url).then(function (r) { return r.json(); }).then(function (mf) {
        var sums = {};
        mf.files.forEach(function (f) { sums[f.url] = f.sum; });
        return { cache: c, sums: sums };
      });
    });
  }).catch(function () { return null; });
}

// save downloads the pack of manifest url into a new cache, then drops
// the pack's older caches; progress(i, n) is told of each file. A file
// the copy it replaces holds with the same digest is taken from there, so
// that a rebuilt site costs only what changed. A save cut short (no
// network, the browser stopping the worker) leaves what it got, without
// the manifest: trying again fetches only the rest.
function save(url, progress) {
  return fetch(url, { cache: "no-cache" }).then(function (res) {
    if (!res.ok) throw new Error(res.status + " " + url);
    return res.clone().json().then(function (mf) {
      var name = P + url + " " + mf.version;
      return Promise.all([caches.open(name), previous(url, name)]).then(function (cs) {
        var c = cs[0], old = cs[1];
        return c.match(url).then(function (have) {
          if (have) return { manifest: mf, fresh: false };
          var files = mf.files.slice(), n = files.length, done = 0, failed = false;
          // A file already in this cache came from the same version (an
          // attempt cut short): it is kept, not fetched again.
          function get(f) {
            var same = old && f.sum && old.sums[f.url] === f.sum ? old.cache.match(f.url) : Promise.resolve(null);
            return same.then(function (r) {
              return r || fetch(f.url, { cache: "no-cache" }).then(function (r) {
                if (!r.ok) throw new Error(r.status + " " + f.url);
                return r;
              });
            });
          }
          function next() {
            var f = !failed && files.shift();
            if (!f) return null;
            return c.match(f.url).then(function (kept) {
              return kept || get(f).then(function (r) { return c.put(f.url, r); });
            }).then(function () { progress(++done, n); return next(); }, function (err) { failed = true; throw err; });
          }
          return Promise.all([next(), next(), next()]).then(function () {
            return c.put(url, res);
          }).then(function () {
            return packs();
          }).then(function (ks) {
            return Promise.all(ks.filter(function (k) { return k !== name && urlOf(k) === url; }).map(function (k) { return caches.delete(k); }));
          }).then(function () {
            return { manifest: mf, fresh: true };
          });
        });
      });
    });
  });
}

// complete lists the packs whose manifest is stored: saved to the end.
function complete() {
  return packs().then(function (ks) {
    return Promise.all(ks.map(function (k) {
      return caches.open(k).then(function (c) { return c.match(urlOf(k)); }).then(function (r) { return r ? k : null; });
    }));
  }).then(function (ks) { return ks.filter(Boolean); });
}

// refresh replaces every saved pack whose manifest changed, at most once a
// minute while the network answers, and tells open pages. A pack not
// saved to the end is not the visitor's: it is left alone.
function refresh() {
  if (busy || Date.now() - checked < 60000) return Promise.resolve();
  busy = true;
  return complete().then(function (ks) {
    return Promise.all(ks.map(function (k) {
      var url = urlOf(k);
      return save(url, function () {}).then(function (x) {
        checked = Date.now();
        if (!x.fresh) return;
        return self.clients.matchAll().then(function (cs) {
          cs.forEach(function (c) { c.postMessage({ updated: url, summary: x.manifest.summary }); });
        });
      }, function () {});
    }));
  }).then(function () { busy = false; }, function () { busy = false; });
}

self.addEventListener("message", function (e) {
  var d = e.data || {}, port = e.ports[0];
  if (!d.save || !port) return;
  e.waitUntil(save(d.save, function (i, n) { port.postMessage({ progress: [i, n] }); }).then(function (x) {
    port.postMessage({ done: x.manifest });
  }, function (err) {
    port.postMessage({ error: String(err && err.message || err) });
  }));
});

function offlinePage(u) {
  var lang = u.slice(scope.length).split("/")[0];
  return caches.match(scope + lang + "/offline/").then(function (r) {
    return r || packs().then(function (ks) {
      return ks.length ? caches.open(ks[0]).then(function (c) {
        return c.keys().then(function (rs) {
          var o = rs.filter(function (q) { return /\/offline\/$/.test(q.url); })[0];
          return o && c.match(o);
        });
      }) : null;
    });
  }).then(function (r) {
    return r || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  });
}

function page(req) {
  return caches.match(req.url, { ignoreSearch: true }).then(function (hit) {
    var net = fetch(req);
    if (!hit) return net.catch(function () { return offlinePage(req.url); });
    return new Promise(function (ok) {
      var t = setTimeout(function () { ok(hit); }, 4000);
      net.then(function (r) { clearTimeout(t); ok(r); }, function () { clearTimeout(t); ok(hit); });
    });
  });
}

// similarPhoto is a saved variant of the same photo at another width: a
// pack keeps one size, and a page's srcset may ask for another.
function similarPhoto(u) {
  var m = /^(.*\/media\/.*)-\d+\.(jpg|png)$/.exec(u.split("?")[0]);
  if (!m) return Promise.resolve(null);
  var re = new RegExp("^" + m[1].replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "-\\d+\\." + m[2] + "$");
  return packs().then(function (ks) {
    return ks.reduce(function (p, k) {
      return p.then(function (found) {
        return found || caches.open(k).then(function (c) {
          return c.keys().then(function (rs) {
            var q = rs.filter(function (r) { return re.test(r.url); })[0];
            return q ? c.match(q) : null;
          });
        });
      });
    }, Promise.resolve(null));
  });
}

// ranged answers a Range request (audio seeking) from a whole response.
function ranged(res, h) {
  var m = /^bytes=(\d*)-(\d*)$/.exec(h.trim());
  if (!m) return Promise.resolve(res);
  return res.blob().then(function (b) {
    var size = b.size, s, e;
    if (m[1] === "") { s = Math.max(0, size - Number(m[2])); e = size - 1; }
    else { s = Number(m[1]); e = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1); }
    if (s >= size || s > e) return new Response(null, { status: 416, headers: { "Content-Range": "bytes */" + size } });
    return new Response(b.slice(s, e + 1), {
      status: 206,
      headers: {
        "Content-Range": "bytes " + s + "-" + e + "/" + size,
        "Content-Length": String(e - s + 1),
        "Content-Type": res.headers.get("Content-Type") || "application/octet-stream",
        "Accept-Ranges": "bytes"
      }
    });
  });
}

function asset(req) {
  var u = req.url;
  if (/\/offline\/[^/]+\.json$/.test(u)) {
    return fetch(req).catch(function () { return caches.match(u).then(function (r) { return r || Response.error(); }); });
  }
  return caches.match(u).then(function (hit) {
    if (!hit) {
      return fetch(req).catch(function (err) {
        return similarPhoto(u).then(function (r) { if (r) return r; throw err; });
      });
    }
    var range = req.headers.get("Range");
    return range ? ranged(hit, range) : hit;
  });
}

self.addEventListener("fetch", function (e) {
  var req = e.request;
  // Other hosts (map tiles, videos) and the form editor are not its business.
  if (req.method !== "GET" || req.url.indexOf(scope) !== 0 || req.url.indexOf(scope + "admin/") === 0) return;
  if (req.mode === "navigate") {
    e.respondWith(page(req));
    e.waitUntil(refresh());
    return;
  }
  e.respondWith(asset(req));
});
