// Offline guides, proven in Chromium: the service worker pre-caches the
// running campaigns' pages, a guide reloads in "airplane mode", a page never
// visited opens offline too, and after a rebuild with changed content the
// new page is served online and then replaces the cached one.
//
//   node tests/browser/offline.mjs            (from the repository root)
//
// Builds the sample twice itself (LOA_BIN=path/to/loa to skip cargo), serves
// it on 127.0.0.1, prints one line per check, ends with
// "offline: N passed, M failed" and exits 1 on any failure.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TODAY = '2026-04-20';
const CHROME_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];
const WARD = 'tu-minh';
const GUIDE = 'chien-dich/dinh-danh-6-14/huong-dan/tre-6-14-chua-co-can-cuoc/index.html';
const GUIDE_TITLE = 'Làm Căn cước và định danh điện tử mức 2 cho trẻ từ 6 đến dưới 14 tuổi chưa có Căn cước';
const NOT_VISITED = 'dia-diem/cong-an-phuong-thach-khoi/index.html';
const NOTICE = 'thong-bao/hoan-thanh-dinh-danh-truoc-ngay-5-5/index.html';

let passed = 0;
let failed = 0;
function check(ok, what, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail ? ` (${detail})` : ''}`);
}

function loa(site, out) {
  const args = ['build', site, '--out', out, '--today', TODAY];
  if (process.env.LOA_BIN) execFileSync(process.env.LOA_BIN, args, { stdio: 'pipe' });
  else execFileSync('cargo', ['run', '--quiet', '--release', '--', ...args], { cwd: REPO, stdio: 'pipe' });
}

/** CACHE from a built sw.js. */
function cacheName(out) {
  const m = fs.readFileSync(path.join(out, WARD, 'sw.js'), 'utf8').match(/^const CACHE = "([^"]+)";$/m);
  return m ? m[1] : null;
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript' };

/** Static server whose root can be swapped (a rebuild) and that can go down. */
function serve(state) {
  const server = http.createServer((req, res) => {
    if (state.down) return req.socket.destroy();
    state.hits.push(req.url);
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(state.root, path.normalize(rel));
    if (!file.startsWith(state.root)) file = '';
    if (file && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('404');
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
      'Cache-Control': 'no-cache',
    });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Polls `f` until it returns true or `ms` pass. */
async function until(f, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await f().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function h1(page) {
  return (await page.locator('h1').first().textContent({ timeout: 5000 }).catch(() => null))?.trim() ?? null;
}

async function main() {
  const { chromium } = require('playwright-core');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-offline-'));
  const site = path.join(tmp, 'site');
  fs.cpSync(path.join(REPO, 'content'), path.join(site, 'content'), { recursive: true });
  const outA = path.join(tmp, 'a');
  const outB = path.join(tmp, 'b');
  loa(site, outA);
  // The rebuild: the same guide with a changed title.
  const plan = path.join(site, 'content', WARD, 'campaigns', 'dinh-danh-6-14.yaml');
  const yaml = fs.readFileSync(plan, 'utf8');
  const changed = yaml.replace(`title: ${GUIDE_TITLE}\n`, `title: ${GUIDE_TITLE} (cập nhật)\n`);
  check(changed !== yaml, 'the rebuild changes the guide title in the plan');
  fs.writeFileSync(plan, changed);
  loa(site, outB);
  const [cacheA, cacheB] = [cacheName(outA), cacheName(outB)];
  check(cacheA && cacheB && cacheA !== cacheB, 'the rebuild has a new cache name', `${cacheA} / ${cacheB}`);

  const state = { root: outA, down: false, hits: [] };
  const server = await serve(state);
  const origin = `http://127.0.0.1:${server.address().port}/${WARD}/`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROME_ARGS });
  const errors = [];
  try {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    // The test server has no favicon; Chromium asks for one at the origin root.
    page.on('console', (m) => {
      const where = m.location().url || '';
      if (m.type() === 'error' && !where.endsWith('/favicon.ico')) errors.push(`${m.text()} ${where}`);
    });

    // 1. First visit, online: the worker installs and takes control.
    await page.goto(origin + GUIDE);
    await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller, null, {
      timeout: 20000,
    });
    const keys = await page.evaluate(() => caches.keys());
    check(keys.includes(cacheA), 'the worker controls the page and filled its cache', keys.join(', '));

    // 2. Airplane mode (and the server gone): the guide reloads from the cache.
    const offline = async (on) => {
      state.down = on;
      await ctx.setOffline(on);
    };
    await offline(true);
    let res = await page.reload().catch((e) => e);
    check((await h1(page)) === GUIDE_TITLE, 'offline: the guide reloads and shows its h1', await h1(page));
    check(res && res.fromServiceWorker && res.fromServiceWorker(), 'offline: the page came from the worker');

    // 3. A pre-cached page never visited opens offline; so does search.
    state.hits = [];
    await page.goto(origin + NOT_VISITED).catch(() => null);
    check((await h1(page)) === 'Công an phường Thạch Khôi', 'offline: a page never visited opens', await h1(page));
    await page.goto(origin + 'tim-kiem/index.html?q=can+cuoc+6+tuoi').catch(() => null);
    const found = await page.locator('#search-results a').first().getAttribute('href').catch(() => null);
    check(found === '../' + GUIDE, 'offline: search "can cuoc 6 tuoi" finds the guide', found);
    // A page not pre-cached falls back to the offline page, which lists the rest.
    await page.goto(origin + NOTICE).catch(() => null);
    check((await h1(page)) === 'Xem khi không có mạng', 'offline: a page not kept shows the offline page', await h1(page));
    // Shown at the notice's address, its relative links and CSS still work.
    const styled = await page.evaluate(() => getComputedStyle(document.querySelector('header')).backgroundColor);
    check(styled === 'rgb(163, 21, 27)', 'offline: the offline page has its CSS', styled);
    const target = await page.locator(`a[href="${GUIDE}"]`).first().evaluate((a) => a.href).catch(() => null);
    check(target === origin + GUIDE, 'offline: the offline page links the guide', target);
    const skip = await page.locator('a.skip').evaluate((a) => a.href).catch(() => null);
    check(skip === origin + NOTICE + '#main', 'offline: its skip link stays on the page', skip);
    await page.locator(`a[href="${GUIDE}"]`).first().click();
    await page.waitForLoadState();
    check((await h1(page)) === GUIDE_TITLE, 'offline: following that link opens the guide', await h1(page));
    check(state.hits.length === 0, 'offline: no request reached the server', state.hits.join(' '));

    // 4. Back online after a rebuild: the new page is served at once (network
    // first), and the new worker replaces the old cache.
    state.root = outB;
    await offline(false);
    await page.goto(origin + GUIDE);
    check((await h1(page)) === `${GUIDE_TITLE} (cập nhật)`, 'online after rebuild: the new guide is shown', await h1(page));
    const swapped = await until(async () => {
      const k = await page.evaluate(() => caches.keys());
      return k.includes(cacheB) && !k.includes(cacheA);
    }, 20000);
    check(swapped, 'online after rebuild: the new cache replaced the old one', (await page.evaluate(() => caches.keys())).join(', '));

    // 5. Offline again: the cached copy is the new one, also for pages not revisited.
    await offline(true);
    await page.reload().catch(() => null);
    check((await h1(page)) === `${GUIDE_TITLE} (cập nhật)`, 'offline after rebuild: the cached guide is the new one', await h1(page));
    await page.goto(origin + 'chien-dich/dinh-danh-6-14/index.html').catch(() => null);
    const link = await page.locator(`a[href$="/huong-dan/tre-6-14-chua-co-can-cuoc/index.html"]`).first().textContent().catch(() => null);
    check(link === `${GUIDE_TITLE} (cập nhật)`, 'offline after rebuild: an unvisited page is the new build', link);
    await offline(false);

    // 6. file://: no worker, no error.
    const filePage = await ctx.newPage();
    const fileErrors = [];
    filePage.on('pageerror', (e) => fileErrors.push(String(e)));
    filePage.on('console', (m) => m.type() === 'error' && fileErrors.push(m.text()));
    await filePage.goto(pathToFileURL(path.join(outB, WARD, GUIDE)).href);
    await filePage.waitForTimeout(500);
    const regs = await filePage.evaluate(() =>
      navigator.serviceWorker ? navigator.serviceWorker.getRegistrations().then((r) => r.length) : 0,
    ).catch(() => 0);
    check(regs === 0 && fileErrors.length === 0, 'file://: no worker registered, no error', fileErrors.join(' | '));
    check(errors.length === 0, 'http: no console or page error', errors.join(' | '));
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`offline: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
