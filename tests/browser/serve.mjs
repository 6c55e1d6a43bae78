// `loa serve` in Chromium: a broken YAML file shows the error overlay over the
// last good page, naming the right file, line and column in the CLI's words;
// fixing it clears the overlay by itself; an edited notice reloads its open
// tab; Ctrl-C stops the server cleanly.
//
//   node tests/browser/serve.mjs            (from the repository root)
//
// Runs `loa serve` on a copy of the sample (LOA_BIN=path/to/loa to skip
// cargo), on 127.0.0.1 with a free port, prints one line per check, ends with
// "serve: N passed, M failed" and exits 1 on any failure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TODAY = '2026-04-20';
const CHROME_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];
const WARD = 'tu-minh';
const NOTICE_FILE = 'hoan-thanh-dinh-danh-truoc-ngay-5-5.md';
const NOTICE_PAGE = 'thong-bao/hoan-thanh-dinh-danh-truoc-ngay-5-5/index.html';
const WAIT = 15000;

let passed = 0;
let failed = 0;
function check(ok, what, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail ? ` (${detail})` : ''}`);
}

/** The loa binary: $LOA_BIN, or a release build made now. */
function loaBin() {
  if (process.env.LOA_BIN) return process.env.LOA_BIN;
  execFileSync('cargo', ['build', '--quiet', '--release'], { cwd: REPO, stdio: 'inherit' });
  const meta = JSON.parse(
    execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: REPO, encoding: 'utf8' }),
  );
  return path.join(meta.target_directory, 'release', 'loa');
}

/** Starts `loa serve` and resolves with the process and its address. */
function startServer(bin, site) {
  const child = spawn(bin, ['serve', site, '--port', '0', '--today', TODAY], {
    cwd: site,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed:\n${out}\n${err}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/localhost:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve({ child, origin: `http://127.0.0.1:${m[1]}/`, output: () => out, errors: () => err });
      }
    });
    child.on('exit', (code) => reject(new Error(`loa serve exited (${code}):\n${out}\n${err}`)));
  });
}

async function h1(page) {
  return (await page.locator('h1').first().textContent({ timeout: 5000 }).catch(() => null))?.trim() ?? null;
}

async function main() {
  const { chromium } = require('playwright-core');
  const bin = loaBin();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-serve-'));
  const site = path.join(tmp, 'site');
  fs.cpSync(path.join(REPO, 'content'), path.join(site, 'content'), { recursive: true });
  const siteYaml = path.join(site, 'content', WARD, 'site.yaml');
  const good = fs.readFileSync(siteYaml, 'utf8');
  const line = good.split('\n').findIndex((l) => l.startsWith('office:')) + 1;

  const srv = await startServer(bin, site);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROME_ARGS });
  const errors = [];
  try {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
    // Only the preview server may be asked for anything.
    await ctx.route((u) => !u.href.startsWith(srv.origin), (r) => r.abort('blockedbyclient'));
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      const where = m.location().url || '';
      if (m.type() === 'error' && !where.endsWith('/favicon.ico')) errors.push(`${m.text()} ${where}`);
    });

    // 1. The home page, with the reload script and no overlay.
    await page.goto(srv.origin + WARD + '/');
    const title = await h1(page);
    check(!!title, 'the ward home page opens', title);
    check((await page.locator('script[src="/__loa/live.js"]').count()) === 1, 'the reload script is in the page');
    check((await page.locator('#loa-error').count()) === 0, 'no overlay while the site builds');
    // The offline worker would answer from a cache: the preview has none.
    await page.waitForTimeout(1000);
    await page.reload();
    const controlled = await page.evaluate(() => !!(navigator.serviceWorker && navigator.serviceWorker.controller));
    check(!controlled, 'no service worker controls the preview');

    // 2. Broken YAML (a second colon in a value): the overlay names the place.
    fs.writeFileSync(siteYaml, good.replace('office: ', 'office: <b>Công an: '));
    const shown = await page.locator('#loa-error').waitFor({ state: 'visible', timeout: WAIT }).then(() => true, () => false);
    check(shown, 'breaking site.yaml shows the error overlay');
    const text = shown ? await page.locator('#loa-error').innerText() : '';
    const place = `${WARD}/site.yaml:${line}:`;
    check(text.includes(place), `the overlay names ${place}`, text.slice(0, 300));
    // The same words as the command line.
    let cli = '';
    try {
      execFileSync(bin, ['check', site], { cwd: site, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      cli = String(e.stderr || '');
    }
    const first = cli.split('\n')[0] || '';
    const words = first.includes(place) ? first.slice(first.indexOf(place) + place.length) : '';
    check(words.length > 5 && text.includes(words), 'the message is the one `loa check` prints', `${words} / ${text.slice(0, 200)}`);
    check(text.includes('<b>Công an'), 'the offending line is shown as text, not markup');
    check((await page.locator('#loa-error b').count()) === 0, 'no markup from the file gets into the page');
    check((await h1(page)) === title, 'the last good page stays underneath');

    // A tab opened while broken shows the overlay at once.
    const late = await ctx.newPage();
    await late.goto(srv.origin + WARD + '/');
    const lateShown = await late.locator('#loa-error').waitFor({ state: 'visible', timeout: WAIT }).then(() => true, () => false);
    check(lateShown && (await h1(late)) === title, 'a tab opened while broken shows the last good page and the overlay');

    // 3. Fixed: the overlay goes by itself.
    fs.writeFileSync(siteYaml, good);
    const gone = await page.locator('#loa-error').waitFor({ state: 'detached', timeout: WAIT }).then(() => true, () => false);
    check(gone, 'fixing site.yaml clears the overlay');
    check((await h1(page)) === title, 'the page is the same as before');
    const lateGone = await late.locator('#loa-error').waitFor({ state: 'detached', timeout: WAIT }).then(() => true, () => false);
    check(lateGone, 'the other tab is cleared too');

    // 4. An edited notice reloads its tab with the new title.
    const notice = await ctx.newPage();
    await notice.goto(srv.origin + WARD + '/' + NOTICE_PAGE);
    const before = await h1(notice);
    const file = path.join(site, 'content', WARD, 'notices', NOTICE_FILE);
    const md = fs.readFileSync(file, 'utf8');
    // Saved the way many editors save: a temporary file renamed over it.
    const tmpFile = path.join(path.dirname(file), `.${NOTICE_FILE}.tmp`);
    fs.writeFileSync(tmpFile, md.replace('title: ', 'title: Đã sửa – '));
    fs.renameSync(tmpFile, file);
    const reloaded = await notice
      .waitForFunction(() => (document.querySelector('h1') || {}).textContent?.includes('Đã sửa – '), null, { timeout: WAIT })
      .then(() => true, () => false);
    check(reloaded, 'saving a notice reloads its open tab with the new title', `${before} → ${await h1(notice)}`);
    await notice.goto(srv.origin + WARD + '/thong-bao/');
    check((await notice.content()).includes('Đã sửa – '), 'the notices list shows it too');

    check(errors.length === 0, 'no console or page error', errors.join(' | '));
  } finally {
    await browser.close();
    // 5. Ctrl-C: the server stops by itself, with exit status 0.
    const exited = new Promise((resolve) => srv.child.on('exit', (code, signal) => resolve({ code, signal })));
    srv.child.kill('SIGINT');
    const result = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 5000))]);
    check(result && result.code === 0, 'Ctrl-C stops loa serve cleanly', JSON.stringify(result));
    if (!result) srv.child.kill('SIGKILL');
    check(/Đã dừng\./.test(srv.output()), 'it says it stopped', srv.output().slice(-200));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`serve: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log(`serve: ${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
