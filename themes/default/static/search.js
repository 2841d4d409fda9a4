/* diachido search: our own small script over the search files of
   /<lang>/search/ (meta.json, word shards w/<i>.json, fragments d/<n>.json),
   built by the generator: generator/site/search.go says what is in them,
   and its searchIndex.plan makes, in Go, the same choice of files and the
   same coarse ranking as this script (the tests hold the two together).
   The search page is a plain form that submits to itself (?q=); this script
   answers it in the page, and as the visitor types.

   Matching ignores tone marks and đ/d: the query is folded the way
   content.Fold folds the index's words (NFD, nonspacing marks dropped,
   đ → d, lowercase), so "dia dao nhon trach" finds "Địa đạo Nhơn Trạch".
   A query loads one shard per word (the one whose key is the word's
   longest prefix), ranks the documents from the postings, fetches the
   fragments of the first PAGE and scores those again on their text with
   score(). Ranking: the query as typed (lowercase, tone marks and all)
   above folded-only matches, title above the rest; a phrase at a word's
   start above words found apart; then the document order (kind, then ID).
   Plain ES5, for old phones. */
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
  var metaURL = attr("index"), dir = metaURL.replace(/[^\/]*$/, ""), base = dir.replace(/[^\/]*\/$/, "");
  var kinds = JSON.parse(attr("kinds") || "{}");
  var PAGE = 20; // searchPage in search.go
  var meta = null, keyIndex = {}, cache = {}, docs = {}, last = null, state = null, slow = null, gen = 0;

  var LETTER, MARK;
  try {
    LETTER = new RegExp("^\\p{L}$", "u");
    MARK = new RegExp("^\\p{Mn}$", "u");
  } catch (e) {
    LETTER = /^[\u0e80-\u0eff]$/; // Lao, the caseless script the guides use
    MARK = /^[\u0300-\u036f\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ecd]$/;
  }

  function isWord(c) {
    return c !== "" && (c.toLowerCase() !== c.toUpperCase() || (c >= "0" && c <= "9"));
  }
  // tokens cuts lowercase text into words, as searchTokens in search.go:
  // runs of word characters; any other letter is a word of its own, with
  // the marks that follow it.
  function tokens(s) {
    var out = [], start = -1, i, j, c;
    for (i = 0; i < s.length; i++) {
      c = s.charAt(i);
      if (isWord(c)) {
        if (start < 0) start = i;
        continue;
      }
      if (start >= 0) {
        out.push(s.slice(start, i));
        start = -1;
      }
      if (LETTER.test(c)) {
        for (j = i + 1; j < s.length && MARK.test(s.charAt(j)); j++) {}
        out.push(s.slice(i, j));
        i = j - 1;
      }
    }
    if (start >= 0) out.push(s.slice(start));
    return out;
  }
  // For the browser tests, which compare them with Go.
  window.diachido = { fold: fold, tokens: tokens };

  function say(msg, retry) {
    statusEl.textContent = msg;
    if (retry) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button";
      b.textContent = attr("retry");
      b.onclick = function () { last = null; run(input.value, false); };
      statusEl.appendChild(b);
    }
  }

  function waitSlow() {
    clearTimeout(slow);
    slow = setTimeout(function () { say(attr("loading")); }, 300);
  }
  function done() {
    clearTimeout(slow);
  }

  // get fetches the JSON files at urls (each once: answers are kept) and
  // calls then with their contents; on a failure it offers to try again.
  function get(urls, then) {
    var left = urls.length, out = [], failed = false;
    if (!left) return then(out);
    function one(k, url) {
      var c = cache[url];
      if (c && c.done) return got(k, c.data);
      if (!c) {
        c = cache[url] = { waiting: [] };
        var x = new XMLHttpRequest();
        x.open("GET", url);
        var fail = function () {
          delete cache[url];
          var w = c.waiting;
          for (var i = 0; i < w.length; i++) w[i](null);
        };
        x.onload = function () {
          var data;
          try {
            if (x.status !== 200) throw new Error(x.status);
            data = JSON.parse(x.responseText);
          } catch (e) {
            return fail();
          }
          c.done = true;
          c.data = data;
          var w = c.waiting;
          c.waiting = [];
          for (var i = 0; i < w.length; i++) w[i](data);
        };
        x.onerror = fail;
        x.send();
      }
      c.waiting.push(function (data) { got(k, data); });
    }
    function got(k, data) {
      if (failed) return;
      if (data === null) {
        failed = true;
        done();
        return say(attr("error"), true);
      }
      out[k] = data;
      if (--left === 0) then(out);
    }
    for (var k = 0; k < urls.length; k++) one(k, urls[k]);
  }

  function withMeta(then) {
    if (meta) return then();
    get([metaURL], function (m) {
      if (!meta) {
        meta = m[0];
        for (var i = 0; i < meta.k.length; i++) keyIndex[meta.k[i]] = i;
      }
      then();
    });
  }

  // shardFor returns the shard a folded word is looked up in: the one
  // whose key is its longest prefix (search.go's shardFor).
  function shardFor(w) {
    for (var n = w.length; n > 0; n--) {
      var key = w.slice(0, n); // "constructor" is a word too
      if (keyIndex.hasOwnProperty(key)) return keyIndex[key];
    }
    return -1;
  }

  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_", VAL = {};
  for (var v = 0; v < DIGITS.length; v++) VAL[DIGITS.charAt(v)] = v;

  // postings calls each(doc, positions) for a posting list (searchList.add
  // in search.go writes them).
  function postings(s, each) {
    var nums = [], n = 0, shift = 0, i, c;
    for (i = 0; i < s.length; i++) {
      c = VAL[s.charAt(i)];
      n |= (c & 31) << shift;
      if (c >= 32) {
        shift += 5;
        continue;
      }
      nums.push(n);
      n = 0;
      shift = 0;
    }
    var doc = -1;
    for (i = 0; i < nums.length;) {
      doc += nums[i] + 1;
      var count = nums[i + 1] + 1, pos = [], p = -1;
      for (var j = 0; j < count; j++) {
        p += nums[i + 2 + j] + 1;
        pos.push(p);
      }
      each(doc, pos);
      i += 2 + count;
    }
  }

  // coarse ranks the documents from the postings of the loaded shards, in
  // the classes of score() (search.go's plan and coarseScore): a list of
  // [score, document], best first. The words with the shortest postings
  // are read first; each next word keeps only the documents all words
  // before it have.
  function coarse(tt, tf, apart, shards) {
    var k = tf.length, vars = [], size = [], order = [], hits = [], cand = null, i, j;
    for (i = 0; i < k; i++) {
      vars.push([]);
      size.push(0);
      order.push(i);
      var si = shardFor(tf[i]);
      if (si < 0) continue;
      var sh = shards[si], lastWord = i === k - 1;
      for (var f in sh) {
        if (!sh.hasOwnProperty(f) || f.indexOf(tf[i]) !== 0) continue;
        for (var t in sh[f]) {
          if (!sh[f].hasOwnProperty(t)) continue;
          vars[i].push([sh[f][t], t === tt[i] || (lastWord && t.indexOf(tt[i]) === 0), lastWord || f === tf[i]]);
          size[i] += sh[f][t][0].length + sh[f][t][1].length;
        }
      }
    }
    order.sort(function (a, b) { return size[a] - size[b] || a - b; });
    function add(h, s, inTitle, tonedOK, foldOK) {
      postings(s, function (doc, pos) {
        if (cand && !cand[doc]) return;
        var x = h[doc] || (h[doc] = { tt: [], tf: [], bt: [], bf: [], inTitle: false });
        if (inTitle) {
          x.inTitle = true;
          if (tonedOK) x.tt = x.tt.concat(pos);
          if (foldOK) x.tf = x.tf.concat(pos);
        } else {
          if (tonedOK) x.bt = x.bt.concat(pos);
          if (foldOK) x.bf = x.bf.concat(pos);
        }
      });
    }
    for (j = 0; j < k; j++) {
      var h = {}, vs = vars[order[j]];
      for (i = 0; i < vs.length; i++) {
        add(h, vs[i][0][0], true, vs[i][1], vs[i][2]);
        add(h, vs[i][0][1], false, vs[i][1], vs[i][2]);
      }
      hits[order[j]] = cand = h;
    }
    function phrase(xs, field) {
      var any = false, first = xs[0][field];
      for (var a = 0; a < first.length; a++) {
        var ok = true, n = first[a];
        for (var b = 1; b < k && ok; b++) ok = xs[b][field].indexOf(n + b) >= 0;
        if (ok) {
          if (n === 0) return 2;
          any = true;
        }
      }
      return any ? 1 : 0;
    }
    var found = [];
    for (var d in cand) {
      if (!cand.hasOwnProperty(d)) continue;
      var xs = [];
      for (i = 0; i < k && hits[i][d]; i++) xs.push(hits[i][d]);
      if (xs.length < k) continue;
      var s = 0, r;
      if ((r = phrase(xs, "tt"))) s = r === 2 ? 110 : 100;
      else if (phrase(xs, "bt")) s = 60;
      else if ((r = phrase(xs, "tf"))) s = r === 2 ? 50 : 40;
      else if (phrase(xs, "bf")) s = 20;
      else if (apart) {
        s = 5;
        for (i = 0; i < k; i++) if (xs[i].inTitle) s++;
      }
      if (s) found.push([s, +d]);
    }
    found.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    return found;
  }

  // text is what is matched besides the title.
  function text(d) {
    var parts = [d.s, d.a, d.d, d.p].concat(d.g || [], [d.i]), out = [];
    for (var i = 0; i < parts.length; i++) if (parts[i]) out.push(parts[i]);
    return out.join("\n");
  }

  function prepare(d, i) {
    var body = text(d);
    return { d: d, i: i, tl: d.t.toLowerCase(), ft: d.ft || d.t.toLowerCase(), bl: body.toLowerCase(), fb: fold(body) };
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

  var more = el("button", "button search-more", attr("more"));
  more.type = "button";
  more.hidden = true;
  list.parentNode.insertBefore(more, list.nextSibling);
  more.onclick = function () { if (state) show(state); };

  function fileURL(kind, n) {
    return dir + kind + "/" + n + ".json?v=" + meta.v;
  }

  // show fetches the fragments of the next PAGE results of st, scores
  // them again on their text and lists them.
  function show(st) {
    var from = st.shown, to = Math.min(st.found.length, from + PAGE), urls = [], seen = {}, i;
    for (i = from; i < to; i++) {
      var c = Math.floor(st.found[i][1] / meta.c);
      if (!seen[c]) {
        seen[c] = true;
        urls.push(fileURL("d", c));
      }
    }
    more.hidden = true;
    waitSlow();
    get(urls, function (chunks) {
      if (st !== state) return;
      done();
      for (var u = 0; u < chunks.length; u++) {
        var n0 = +urls[u].replace(/^.*\/(\d+)\.json.*$/, "$1") * meta.c;
        for (var j = 0; j < chunks[u].length; j++) if (!docs[n0 + j]) docs[n0 + j] = prepare(chunks[u][j], n0 + j);
      }
      var hits = [];
      for (i = from; i < to; i++) {
        var x = docs[st.found[i][1]], s = x && score(x, st.q, st.qf, st.words);
        if (s) hits.push([s, x]);
      }
      hits.sort(function (a, b) { return b[0] - a[0] || a[1].i - b[1].i; });
      var frag = document.createDocumentFragment();
      for (var h = 0; h < hits.length; h++) frag.appendChild(card(hits[h][1], st.qf, st.words));
      list.appendChild(frag);
      st.shown = to;
      var n = st.found.length;
      say(n === 1 ? attr("count-one") : attr("count").replace("%d", n));
      more.hidden = st.shown >= n;
    });
  }

  function run(raw, push) {
    var q = lower(raw).replace(/\s+/g, " ").replace(/^ | $/g, "");
    if (q === last) return;
    last = q;
    if (push && window.history && history.replaceState) {
      history.replaceState(null, "", q ? "?q=" + encodeURIComponent(raw.trim()) : location.pathname);
    }
    list.textContent = "";
    more.hidden = true;
    state = null;
    say("");
    var my = ++gen;
    if (!q) return done();
    waitSlow();
    withMeta(function () {
      if (my !== gen) return;
      var qf = fold(q), tt = tokens(q), tf = [], urls = [], which = [], seen = {}, i;
      for (i = 0; i < tt.length; i++) {
        tf.push(fold(tt[i]));
        var s = shardFor(tf[i]);
        if (s >= 0 && !seen[s]) {
          seen[s] = true;
          urls.push(fileURL("w", s));
          which.push(s);
        }
      }
      get(urls, function (data) {
        if (my !== gen) return;
        var shards = {};
        for (var u = 0; u < which.length; u++) shards[which[u]] = data[u];
        var found = tt.length ? coarse(tt, tf, q.indexOf(" ") >= 0, shards) : [];
        window.diachido.found = found.slice(0, PAGE);
        if (!found.length) {
          done();
          // The last word is shorter than the shards its words are in:
          // one more letter finds them.
          var lw = tf[tf.length - 1] || "";
          for (var k = 0; k < meta.k.length; k++) {
            if (meta.k[k].length > lw.length && meta.k[k].indexOf(lw) === 0) return say(attr("more-letters"));
          }
          return say(attr("none").replace("%s", raw.trim()));
        }
        state = { q: q, qf: qf, words: qf.split(" "), found: found, shown: 0 };
        show(state);
      });
    });
  }

  var timer;
  input.addEventListener("focus", function () { withMeta(function () {}); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value, true); }, 120);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    last = null;
    run(input.value, true);
    input.blur(); // let the phone's keyboard go and show the results
  });

  var m = /[?&]q=([^&#]*)/.exec(location.search);
  if (m) {
    var q = "";
    try { q = decodeURIComponent(m[1].replace(/\+/g, " ")); } catch (e) {}
    input.value = q;
    if (q) run(q, false);
  }
})();
