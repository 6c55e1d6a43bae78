// Loa live preview (loa serve only; never part of a built site).
// Listens for rebuilds and reloads this tab when its page changed; shows
// build errors over the last good page and hides them once fixed.
(function () {
  var me = document.currentScript;
  if (!me || !window.EventSource) return;
  var key = me.getAttribute('data-key') || '';
  var v = me.getAttribute('data-v') || '0';
  var box = null;

  // The preview serves no offline worker; one left from before (a build
  // served on the same address) could answer with old copies.
  try {
    navigator.serviceWorker.getRegistrations().then(function (rs) {
      for (var i = 0; i < rs.length; i++) rs[i].unregister();
    }, function () {});
  } catch (err) {}

  function show(html) {
    if (!box) {
      box = document.createElement('div');
      box.id = 'loa-error';
      box.setAttribute('role', 'alert');
      box.style.cssText =
        'position:fixed;left:0;right:0;bottom:0;max-height:70%;overflow:auto;z-index:2147483647;' +
        'margin:0;padding:12px 14px;background:#fff4f4;color:#222;border-top:4px solid #b00020;' +
        'box-shadow:0 -2px 12px rgba(0,0,0,.3);font:15px/1.45 system-ui,sans-serif;text-align:left';
      document.body.appendChild(box);
    }
    box.innerHTML = html;
    var ps = box.getElementsByTagName('p');
    for (var j = 0; j < ps.length; j++) ps[j].style.margin = '0';
    var pres = box.getElementsByTagName('pre');
    for (var i = 0; i < pres.length; i++) {
      pres[i].style.cssText =
        'white-space:pre;overflow-x:auto;margin:8px 0 0;padding:8px;background:#fff;' +
        'border:1px solid #e0b4b4;font:13px/1.4 ui-monospace,Consolas,monospace;color:#222';
    }
  }

  function hide() {
    if (box) {
      box.parentNode.removeChild(box);
      box = null;
    }
  }

  // This page, or a file it loaded (stylesheet, script, image, font), is
  // among the changed output paths.
  function affected(list) {
    if (list.indexOf(key) >= 0) return true;
    var urls = [];
    try {
      var rs = performance.getEntriesByType('resource');
      for (var i = 0; i < rs.length; i++) urls.push(rs[i].name);
    } catch (err) {}
    var els = document.querySelectorAll('link[href],script[src],img[src],source[src]');
    for (var j = 0; j < els.length; j++) urls.push(els[j].href || els[j].src);
    for (var k = 0; k < urls.length; k++) {
      try {
        var u = new URL(urls[k], location.href);
        if (u.origin !== location.origin) continue;
        var p = decodeURIComponent(u.pathname).replace(/^\//, '');
        if (p === '' || p.charAt(p.length - 1) === '/') p += 'index.html';
        if (list.indexOf(p) >= 0) return true;
      } catch (err) {}
    }
    return false;
  }

  var es = new EventSource('/__loa/events?key=' + encodeURIComponent(key) + '&v=' + encodeURIComponent(v));
  es.addEventListener('reload', function (e) {
    if (e.data === '*') return location.reload();
    var list;
    try {
      list = JSON.parse(e.data);
    } catch (err) {
      return location.reload();
    }
    if (affected(list)) location.reload();
  });
  es.addEventListener('build-error', function (e) {
    show(e.data);
  });
  es.addEventListener('build-ok', hide);
})();
