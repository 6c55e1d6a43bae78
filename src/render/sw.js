// Loa service worker (the constants above are written by `loa build`).
// Pages: network first, so a rebuilt page is never hidden by a cached copy;
// the cache only answers when there is no connection. Other files: cache
// first, safe because the cache name changes with every build.
const OFFLINE = "ngoai-tuyen.html";

function url(p) {
  return new URL(p, self.registration.scope).href;
}

// The cache key of a page: no query (the search page reads ?q= itself),
// and a folder means its index.html.
function key(u) {
  u = new URL(u);
  u.search = "";
  u.hash = "";
  if (u.pathname.endsWith("/")) u.pathname += "index.html";
  return u.href;
}

// A redirected response cannot answer a navigation: copy it into a plain one.
function plain(r) {
  if (!r.redirected) return r;
  return r.blob().then((b) => new Response(b, { status: r.status, statusText: r.statusText, headers: r.headers }));
}

self.addEventListener("install", (e) => {
  e.waitUntil(
    caches.open(CACHE).then((c) =>
      Promise.all(
        PRECACHE.map((p) =>
          fetch(url(p), { cache: "reload" }).then((r) => {
            if (!r.ok) throw new Error(p + ": " + r.status);
            return Promise.resolve(plain(r)).then((r) => c.put(url(p), r));
          })
        )
      )
    ).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (e) => {
  e.waitUntil(
    caches.keys()
      .then((ks) => Promise.all(ks.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

async function page(req) {
  const c = await caches.open(CACHE);
  const k = key(req.url);
  try {
    const r = await fetch(req);
    // Pages read while online stay readable offline, until the next build.
    if (r.ok && r.type === "basic" && !r.redirected) c.put(k, r.clone());
    return r;
  } catch (err) {
    const hit = (await c.match(k, { ignoreVary: true })) || (await offline(c, req.url));
    if (hit) return hit;
    throw err;
  }
}

// The offline page, shown at the address asked for: a <base> makes its
// relative links start from the ward root again, and in-page links stay here.
async function offline(c, asked) {
  const r = await c.match(url(OFFLINE));
  if (!r) return null;
  const here = asked.split("#")[0];
  const html = (await r.text())
    .replace("<head>", '<head><base href="' + self.registration.scope + '">')
    .split('href="#').join('href="' + here + "#");
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function file(req) {
  const c = await caches.open(CACHE);
  return (await c.match(req, { ignoreVary: true })) || fetch(req);
}

// Only pages and assets/ of this ward; anything else (a live-reload stream,
// a download) goes to the network as if there were no worker.
self.addEventListener("fetch", (e) => {
  const req = e.request;
  const scope = self.registration.scope;
  if (req.method !== "GET" || !req.url.startsWith(scope)) return;
  const rel = req.url.slice(scope.length).split(/[?#]/)[0];
  if (req.mode === "navigate" || rel === "" || rel.endsWith("/") || rel.endsWith(".html")) e.respondWith(page(req));
  else if (rel.startsWith("assets/")) e.respondWith(file(req));
});
