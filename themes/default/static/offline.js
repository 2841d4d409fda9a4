// "Save for offline": the buttons ([data-offline], partials/offline-button.html)
// and the offline page's list ([data-offline-list]). Loaded (defer) only by
// pages that have one. It shows a button only where the browser can keep
// pages (a service worker and the Cache API); pressing it fetches the
// pack's manifest and shows its size; confirming registers static/sw.js,
// which downloads the pack. Until then no service worker is loaded.
(function () {
  "use strict";
  var me = document.currentScript, sw = navigator.serviceWorker;
  if (!me || !sw || !window.caches || !window.fetch) return;
  var T = JSON.parse(me.getAttribute("data-text") || "{}");
  var SW = me.getAttribute("data-sw"), scope = me.getAttribute("data-scope"), P = "diachido ";

  function fmt(s) {
    var a = arguments, i = 1;
    return String(s || "").replace(/%[sd]/g, function () { return a[i++]; });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function button(text, on) {
    var b = el("button", "button", text);
    b.type = "button";
    b.onclick = on;
    return b;
  }
  // saved lists the complete packs: {name, url, manifest}.
  function saved() {
    return caches.keys().then(function (ks) {
      return Promise.all(ks.filter(function (k) { return k.indexOf(P) === 0; }).map(function (k) {
        var url = k.slice(P.length).split(" ")[0];
        return caches.open(k).then(function (c) { return c.match(url); }).then(function (r) {
          return r ? r.json().then(function (mf) { return { name: k, url: url, manifest: mf }; }) : null;
        });
      }));
    }).then(function (l) { return l.filter(Boolean); });
  }
  function remove(url) {
    return caches.keys().then(function (ks) {
      return Promise.all(ks.filter(function (k) { return k.indexOf(P + url + " ") === 0; }).map(function (k) { return caches.delete(k); }));
    }).then(saved).then(function (left) {
      if (left.length) return;
      return sw.getRegistration(scope).then(function (r) { return r && r.unregister(); });
    });
  }
  function worker() {
    return sw.register(SW, { scope: scope }).then(function () { return sw.ready; }).then(function (r) { return r.active; });
  }

  function setup(b) {
    var box = b.parentNode, st = box.querySelector(".offline-status") || el("p"), url = b.getAttribute("data-offline");
    var extra = el("span", "offline-actions");
    box.insertBefore(extra, st);
    function show(state, text, actions) {
      box.setAttribute("data-state", state);
      b.hidden = state !== "idle";
      b.disabled = false;
      st.textContent = text || "";
      extra.textContent = "";
      (actions || []).forEach(function (a) { extra.appendChild(a); });
    }
    function done(mf, note) {
      show("saved", fmt(T.offline_saved, mf.summary) + (note ? " " + note : ""), [button(T.offline_remove, function () {
        remove(url).then(function () { show("idle", T.offline_removed); });
      })]);
    }
    function fail(err) {
      if (window.console) console.warn("offline:", err && err.message || err);
      show("idle", T.offline_failed);
    }
    function download(mf) {
      var persisted = navigator.storage && navigator.storage.persist ? navigator.storage.persist() : Promise.resolve(false);
      show("saving", fmt(T.offline_saving, 0, mf.files.length));
      worker().then(function (w) {
        var ch = new MessageChannel(), quiet;
        // A worker stopped by the browser mid-way says nothing more: after
        // a minute of silence the visitor may try again (what was saved
        // is kept).
        function wait() {
          clearTimeout(quiet);
          quiet = setTimeout(function () { ch.port1.close(); fail("timeout"); }, 60000);
        }
        ch.port1.onmessage = function (e) {
          var d = e.data || {};
          wait();
          if (d.progress) return (st.textContent = fmt(T.offline_saving, d.progress[0], d.progress[1]));
          clearTimeout(quiet);
          ch.port1.close();
          if (d.error) fail(d.error);
          else if (d.done) persisted.then(function (ok) { done(d.done, ok ? "" : T.offline_not_persistent); }, function () { done(d.done, T.offline_not_persistent); });
        };
        wait();
        w.postMessage({ save: url }, [ch.port2]);
      }).catch(fail);
    }
    b.onclick = function () {
      b.disabled = true;
      fetch(url, { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(function (mf) {
        show("confirm", fmt(T.offline_size_of, mf.summary), [
          button(T.offline_confirm, function () { download(mf); }),
          button(T.offline_cancel, function () { show("idle", ""); })
        ]);
        extra.firstChild.focus();
      }).catch(fail);
    };
    // Shown once it is known whether the pack is saved.
    saved().then(function (l) {
      box.hidden = false;
      var mine = l.filter(function (p) { return p.url === url; })[0];
      if (!mine) return show("idle", "");
      done(mine.manifest);
      // Saved, but the worker is gone (site data partly cleared): bring it back.
      return sw.getRegistration(scope).then(function (r) { if (!r) return worker(); });
    }).catch(function () { box.hidden = false; show("idle", ""); });
    sw.addEventListener("message", function (e) {
      var d = e.data || {};
      if (d.updated !== url) return;
      done({ summary: d.summary });
      st.textContent = fmt(T.offline_update, d.summary);
    });
  }

  function list(box) {
    saved().then(function (l) {
      box.textContent = "";
      if (!l.length) return box.appendChild(el("p", "", T.offline_none));
      l.forEach(function (p) {
        var mf = p.manifest, sec = el("section", "offline-pack"), h = el("h3"), a = el("a", "", mf.title), ul = el("ul");
        a.href = mf.url;
        h.appendChild(a);
        sec.appendChild(h);
        sec.appendChild(el("p", "count", mf.summary));
        (mf.pages || []).forEach(function (pg) {
          var li = el("li"), x = el("a", "", pg.title);
          x.href = pg.url;
          li.appendChild(x);
          ul.appendChild(li);
        });
        sec.appendChild(ul);
        sec.appendChild(button(T.offline_remove, function () { remove(p.url).then(function () { list(box); }); }));
        box.appendChild(sec);
      });
    }).catch(function () {});
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-offline]"), setup);
  Array.prototype.forEach.call(document.querySelectorAll("[data-offline-list]"), list);
})();
