// Search without accents over window.LOA_INDEX (assets/search-index.js):
// rows of [title, path, kind, folded keywords, ward?]. Works from file:// too.
(function () {
  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

  // Same folding as the build (vi::fold): no diacritics, đ → d, lowercase,
  // every run of other characters one space. NFC and NFD fold alike.
  function fold(s) {
    return String(s).normalize("NFKD").replace(MARKS, "").replace(/[đĐðÐ]/g, "d")
      .toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }

  // Rows matching every word of the query (as a word start), title hits first.
  function search(index, q, labels) {
    var words = fold(q).split(" ").filter(Boolean), found = [];
    if (!words.length) return found;
    index.forEach(function (e, i) {
      var t = " " + fold(e[0]) + " ", k = " " + e[3] + " " + fold(((labels || {})[e[2]] || "") + " " + (e[4] || "")), s = 0;
      for (var j = 0; j < words.length; j++) {
        var w = " " + words[j];
        if (t.indexOf(w) >= 0) s += 3;
        else if (k.indexOf(w) >= 0) s += 1;
        else return;
      }
      if (t.indexOf(" " + words.join(" ") + " ") >= 0) s += 2;
      // Ties: the title where the first word comes earliest.
      var at = t.indexOf(" " + words[0]);
      found.push({ e: e, s: s, at: at < 0 ? 1e9 : at, i: i });
    });
    return found.sort(function (a, b) { return b.s - a.s || a.at - b.at || a.i - b.i; }).map(function (f) { return f.e; });
  }

  function add(parent, tag, text) {
    var n = document.createElement(tag);
    if (text != null) n.textContent = text;
    parent.appendChild(n);
    return n;
  }

  function page() {
    var box = document.getElementById("search-results"), input = document.getElementById("q");
    if (!box || !input || !window.LOA_INDEX) return;
    var labels = {};
    document.querySelectorAll("[data-kind]").forEach(function (s) {
      labels[s.getAttribute("data-kind")] = s.querySelector("h3").textContent;
    });
    function show() {
      var q = input.value.trim(), rows = search(window.LOA_INDEX, q, labels);
      box.textContent = "";
      if (!fold(q)) return;
      var d = box.dataset;
      add(box, "h2", (rows.length ? d.found : d.none).replace("{n}", rows.length).replace("{q}", q));
      var ul = add(box, "ul");
      ul.className = "list";
      rows.forEach(function (e) {
        var li = add(ul, "li");
        add(li, "a", e[0]).href = d.root + e[1];
        add(li, "br");
        add(li, "span", labels[e[2]] + (e[4] ? " · " + e[4] : "")).className = "small";
      });
    }
    input.value = new URLSearchParams(location.search).get("q") || "";
    input.addEventListener("input", show);
    show();
  }

  if (typeof module === "object" && module.exports) module.exports = { fold: fold, search: search };
  else page();
})();
