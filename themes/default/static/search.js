/* diachido search: our own small script over /<lang>/search-index.json,
   built by the generator (generator/site/search.go says what is in it).
   The search page is a plain form that submits to itself (?q=); this script
   answers it in the page, and as the visitor types.

   Matching ignores tone marks and đ/d: the query, and every field the
   index does not carry folded (all but titles), are folded the way
   content.Fold folds titles in the index (NFD, nonspacing marks dropped,
   đ → d, lowercase), so "dia dao nhon trach" finds "Địa đạo Nhơn Trạch".
   Ranking: the query as typed (lowercase, tone marks and all) above
   folded-only matches, title above the rest; a phrase at a word's start
   above words found apart; then the index order (kind, then ID). Plain
   ES5, for old phones. */
(function () {
  "use strict";
  var form = document.getElementById("search-form"),
    input = document.getElementById("q"),
    list = document.getElementById("search-results"),
    statusEl = document.getElementById("search-status");
  if (!form || !input || !list || !statusEl || !window.XMLHttpRequest) return;

  var MARKS;
  try {
    MARKS = new RegExp("\\p{Mn}", "gu");
  } catch (e) {
    MARKS = /[\u0300-\u036f]/g; // the marks Vietnamese uses
  }

  function fold(s) {
    if (s.normalize) s = s.normalize("NFD");
    return s.replace(MARKS, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  function lower(s) {
    return (s.normalize ? s.normalize("NFC") : s).toLowerCase();
  }
  // For the browser tests, which compare it with content.Fold.
  window.diachido = { fold: fold };

  var attr = function (n) { return list.getAttribute("data-" + n) || ""; };
  var indexURL = attr("index"), base = indexURL.replace(/[^\/]*$/, "");
  var kinds = JSON.parse(attr("kinds") || "{}");
  var docs = null, waiting = [], loading = false, last = null;

  // text is what is matched besides the title.
  function text(d) {
    var parts = [d.s, d.a, d.d, d.p].concat(d.g || [], [d.i]), out = [];
    for (var i = 0; i < parts.length; i++) if (parts[i]) out.push(parts[i]);
    return out.join("\n");
  }

  function prepare(data) {
    var out = [];
    for (var i = 0; i < data.e.length; i++) {
      var d = data.e[i], body = text(d);
      out.push({ d: d, i: i, tl: d.t.toLowerCase(), ft: d.ft || d.t.toLowerCase(), bl: body.toLowerCase(), fb: fold(body) });
    }
    return out;
  }

  function say(msg, retry) {
    statusEl.textContent = msg;
    if (retry) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button";
      b.textContent = attr("retry");
      b.onclick = function () { withIndex(function () { run(input.value, false); }); };
      statusEl.appendChild(b);
    }
  }

  function withIndex(then) {
    if (docs) return then();
    waiting.push(then);
    if (loading) return;
    loading = true;
    var slow = setTimeout(function () { say(attr("loading")); }, 300);
    var x = new XMLHttpRequest();
    x.open("GET", indexURL);
    x.onload = function () {
      clearTimeout(slow);
      loading = false;
      try {
        if (x.status !== 200) throw new Error(x.status);
        docs = prepare(JSON.parse(x.responseText));
      } catch (e) {
        waiting = [];
        return say(attr("error"), true);
      }
      say("");
      var w = waiting;
      waiting = [];
      for (var i = 0; i < w.length; i++) w[i]();
    };
    x.onerror = function () {
      clearTimeout(slow);
      loading = false;
      waiting = [];
      say(attr("error"), true);
    };
    x.send();
  }

  function isWord(c) {
    return c !== "" && (c.toLowerCase() !== c.toUpperCase() || (c >= "0" && c <= "9"));
  }
  // at finds needle at the start of a word of hay, or returns -1.
  function at(hay, needle) {
    for (var i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
      if (i === 0 || !isWord(hay.charAt(i - 1))) return i;
    }
    return -1;
  }

  function score(x, q, qf, words) {
    var i;
    if ((i = at(x.tl, q)) >= 0) return i === 0 ? 110 : 100;
    if (at(x.bl, q) >= 0) return 60;
    if ((i = at(x.ft, qf)) >= 0) return i === 0 ? 50 : 40;
    if (at(x.fb, qf) >= 0) return 20;
    if (words.length < 2) return 0;
    var inTitle = 0;
    for (var w = 0; w < words.length; w++) {
      if (at(x.ft, words[w]) >= 0) inTitle++;
      else if (at(x.fb, words[w]) < 0) return 0;
    }
    return 5 + inTitle;
  }

  // title writes the title with the matched parts marked; folding keeps one
  // character per character of NFC Vietnamese, so positions carry over.
  function title(a, x, qf, words) {
    var t = x.d.t, marks = [];
    if (x.ft.length === t.length) {
      var parts = at(x.ft, qf) >= 0 ? [qf] : words;
      for (var w = 0; w < parts.length; w++) {
        var i = at(x.ft, parts[w]);
        if (i >= 0 && parts[w]) marks.push([i, i + parts[w].length]);
      }
      marks.sort(function (p, q) { return p[0] - q[0]; });
    }
    var pos = 0;
    for (var m = 0; m < marks.length; m++) {
      if (marks[m][0] < pos) continue;
      a.appendChild(document.createTextNode(t.slice(pos, marks[m][0])));
      var mk = document.createElement("mark");
      mk.textContent = t.slice(marks[m][0], marks[m][1]);
      a.appendChild(mk);
      pos = marks[m][1];
    }
    a.appendChild(document.createTextNode(t.slice(pos)));
  }

  function el(tag, cls, txt) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (txt) e.textContent = txt;
    return e;
  }

  function card(x, qf, words) {
    var d = x.d, li = el("li", "card"), a = el("a", "card-title");
    a.href = base + d.u;
    title(a, x, qf, words);
    li.appendChild(a);
    if (kinds[d.k]) {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "badge", kinds[d.k]));
    }
    if (d.s) li.appendChild(el("p", "card-summary", d.s));
    var place = [d.d, d.p].filter(function (s) { return s; }).join(", ");
    if (place) li.appendChild(el("p", "card-place", place));
    return li;
  }

  function run(raw, push) {
    var q = lower(raw).replace(/\s+/g, " ").replace(/^ | $/g, "");
    if (q === last) return;
    last = q;
    if (push && window.history && history.replaceState) {
      history.replaceState(null, "", q ? "?q=" + encodeURIComponent(raw.trim()) : location.pathname);
    }
    list.textContent = "";
    if (!q) return say("");
    var qf = fold(q), words = qf.split(" "), hits = [];
    for (var i = 0; i < docs.length; i++) {
      var s = score(docs[i], q, qf, words);
      if (s) hits.push([s, docs[i]]);
    }
    hits.sort(function (a, b) { return b[0] - a[0] || a[1].i - b[1].i; });
    say(hits.length === 1 ? attr("count-one") : hits.length ? attr("count").replace("%d", hits.length) : attr("none").replace("%s", raw.trim()));
    var frag = document.createDocumentFragment();
    for (var h = 0; h < hits.length && h < 50; h++) frag.appendChild(card(hits[h][1], qf, words));
    list.appendChild(frag);
  }

  var timer;
  input.addEventListener("focus", function () { withIndex(function () {}); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { withIndex(function () { run(input.value, true); }); }, 120);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    last = null;
    withIndex(function () { run(input.value, true); });
    input.blur(); // let the phone's keyboard go and show the results
  });

  var m = /[?&]q=([^&#]*)/.exec(location.search);
  if (m) {
    var q = "";
    try { q = decodeURIComponent(m[1].replace(/\+/g, " ")); } catch (e) {}
    input.value = q;
    if (q) withIndex(function () { run(q, false); });
  }
})();
