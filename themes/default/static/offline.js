// Offline copies of the running campaigns' pages (see sw.js at the ward
// root). Only over http(s): service workers do not exist on file://.
(function (s) {
  if (!/^https?:$/.test(location.protocol) || !s || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(new URL("../sw.js", s.src), { updateViaCache: "none" }).catch(function () {});
})(document.currentScript);
