#!/usr/bin/env node
// End-to-end browser suite for a built Loa site.
//
//   node tests/browser/suite.mjs <OUTPUT_DIR>
//
// Checks every *.html file under OUTPUT_DIR in headless Chromium (see README.md).
// Prints every failure, a summary, and finally `browser: N passed, M failed`.
// Exit code: 0 when every check passed, 1 when any failed, 2 on a usage/setup error.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { startServer, resolvePath } from './lib/server.mjs';
import { findFiles } from './lib/files.mjs';
import { CHROMIUM, CHROME_ARGS, GUARD_ARGS, launchBrowser } from './lib/chrome.mjs';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------- settings

const VIEWPORTS = [
  { name: '360x640', viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  { name: '1280x800', viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const WEIGHT_LIMIT = 30 * 1024; // bytes, gzip -9, per page
const PAGE_CONCURRENCY = 2;
const PRINT_CONCURRENCY = 2;
const NAV_TIMEOUT = 30_000;
const PRINT_TIMEOUT = 60_000;
// Paper sizes in PostScript points (portrait).
const PAPER = { A3: [841.89, 1190.55], A4: [595.28, 841.89], A5: [419.53, 595.28] };
const PAPER_TOLERANCE = 1;
const OUT_DIR = path.resolve(process.env.BROWSER_OUT || path.join(HERE, 'out'));

// ---------------------------------------------------------------- arguments

const rootArg = process.argv[2];
if (!rootArg || rootArg === '-h' || rootArg === '--help') {
  console.error('usage: node tests/browser/suite.mjs <OUTPUT_DIR>');
  process.exit(2);
}
const ROOT = path.resolve(rootArg);
if (!fs.existsSync(ROOT) || !fs.statSync(ROOT).isDirectory()) {
  console.error(`suite: ${ROOT} is not a directory`);
  process.exit(2);
}

// ---------------------------------------------------------------- results

const results = []; // { kind, page, where, problems: string[] }
const warnings = []; // strings, reported but not fatal
const stats = {
  axeViolations: 0,
  vnuErrors: 0,
  vnuWarnings: 0,
  pdfs: 0,
  qrExpected: 0,
  qrDecoded: 0,
  largest: { page: null, bytes: 0 },
};

/** Record one check. `problems` empty means passed. */
function record(kind, page, where, problems) {
  results.push({ kind, page, where, problems: problems.filter(Boolean) });
}

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const log = (...a) => console.log(...a);

// ---------------------------------------------------------------- helpers

/** Run a command; resolves { code, stdout, stderr } (never rejects on exit code). */
function run(cmd, args, { timeout = 0, encoding = 'utf8' } = {}) {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      resolve({ code: -1, stdout: '', stderr: String(err) });
      return;
    }
    const out = [];
    const errc = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => errc.push(d));
    let timer = null;
    let timedOut = false;
    if (timeout) {
      timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeout);
    }
    child.on('error', (err) => {
      if (timer) clearTimeout(timer);
      resolve({ code: -1, stdout: '', stderr: String(err) });
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      const stdout = Buffer.concat(out);
      resolve({
        code: timedOut ? -2 : code,
        stdout: encoding ? stdout.toString(encoding) : stdout,
        stderr: Buffer.concat(errc).toString('utf8') + (timedOut ? `\n(timed out after ${timeout} ms)` : ''),
      });
    });
  });
}

/** Run fn over items with at most `n` in flight. */
async function pool(items, n, fn) {
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  });
  await Promise.all(workers);
}

const gzCache = new Map();
function gzSize(file) {
  if (!gzCache.has(file)) {
    gzCache.set(file, zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length);
  }
  return gzCache.get(file);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const short = (s, n = 300) => (s.length > n ? s.slice(0, n) + '…' : s);

// ---------------------------------------------------------------- W3C Nu validator (once, all files)

function vnuJarPath() {
  try {
    return path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
  } catch {
    return null;
  }
}

async function runValidator(files) {
  const jar = vnuJarPath();
  if (!jar || !fs.existsSync(jar)) {
    record('html', '(all)', 'vnu', ['vnu.jar not found: run `bash tests/browser/setup.sh`']);
    return;
  }
  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const abs = files.map((f) => path.join(ROOT, f));
  const res = await run(java, ['-Xss4m', '-jar', jar, '--format', 'json', '--skip-non-html', ...abs], { timeout: 300_000 });
  // vnu prints its JSON report on stderr; exit 0 = clean, 1 = errors found.
  const text = res.stderr;
  let report = null;
  // Skip anything the JVM may print before the report (e.g. JVM warnings).
  for (let i = text.indexOf('{'); i >= 0 && !report; i = text.indexOf('{', i + 1)) {
    if (i > 0 && text[i - 1] !== '\n') continue;
    try {
      const r = JSON.parse(text.slice(i, text.lastIndexOf('}') + 1));
      if (r && Array.isArray(r.messages)) report = r;
    } catch {
      /* not the report */
    }
  }
  if (!report) {
    record('html', '(all)', 'vnu', [`validator did not produce a JSON report (exit ${res.code}): ${short(text.trim(), 500)}`]);
    return;
  }
  const perFile = new Map(files.map((f) => [f, []]));
  for (const m of report.messages || []) {
    let rel = '(all)';
    if (m.url) {
      try {
        const p = fileURLToPath(m.url.replace(/^file:\/(?!\/)/, 'file:///'));
        rel = path.relative(ROOT, p).split(path.sep).join('/');
      } catch {
        rel = m.url;
      }
    }
    const where = m.lastLine ? `${m.lastLine}:${m.firstColumn ?? m.lastColumn ?? ''}` : '';
    const extract = m.extract ? ` «${short(m.extract.replace(/\s+/g, ' ').trim(), 120)}»` : '';
    const line = `${where ? where + ' ' : ''}${m.message}${extract}`;
    const isError = m.type === 'error' || m.type === 'non-document-error' || (m.type === 'info' && m.subType === 'fatal');
    if (isError) {
      stats.vnuErrors++;
      if (!perFile.has(rel)) perFile.set(rel, []);
      perFile.get(rel).push(line);
    } else if (m.type === 'info' && m.subType === 'warning') {
      stats.vnuWarnings++;
      warnings.push(`[html-warning] ${rel}: ${line}`);
    }
  }
  for (const [rel, errs] of perFile) record('html', rel, 'vnu', errs.map((e) => `invalid HTML: ${e}`));
}

// ---------------------------------------------------------------- the browser pass

/** Evaluated in the page: find the element most responsible for horizontal overflow. */
function overflowProbe(vw) {
  const de = document.documentElement;
  const sw = Math.max(de.scrollWidth, document.body ? document.body.scrollWidth : 0);
  const info = { scrollWidth: sw, innerWidth: window.innerWidth, clientWidth: de.clientWidth, culprit: null };
  if (sw <= vw) return info;
  const clippedByAncestor = (el) => {
    for (let p = el.parentElement; p && p !== document.body && p !== de; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX !== 'visible' || s.contain.includes('paint')) return true;
    }
    return false;
  };
  const describe = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && parts.length < 5; e = e.parentElement) {
      let s = e.localName;
      if (e.id) {
        s += '#' + e.id;
        parts.unshift(s);
        break;
      }
      const cls = [...e.classList].slice(0, 3);
      if (cls.length) s += '.' + cls.join('.');
      parts.unshift(s);
      if (e === document.body) break;
    }
    return parts.join(' > ');
  };
  const offenders = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const right = r.right + window.scrollX;
    if (right <= vw + 0.5) continue;
    if (clippedByAncestor(el)) continue;
    offenders.push({ el, right, width: r.width });
  }
  if (offenders.length) {
    const maxRight = Math.max(...offenders.map((o) => o.right));
    const edge = offenders.filter((o) => o.right >= maxRight - 1);
    edge.sort((a, b) => b.width - a.width);
    const o = edge[0];
    info.culprit = `${describe(o.el)} (width ${Math.round(o.width)}px, right edge ${Math.round(o.right)}px)`;
    info.offenders = offenders.length;
  }
  return info;
}

/** Evaluated in the page: data the other passes need. */
function pageFacts() {
  const de = document.documentElement;
  const h1s = [...document.querySelectorAll('h1')];
  const assets = [
    ...[...document.querySelectorAll('link[href]')]
      .filter((l) => /(^|\s)(stylesheet|modulepreload)(\s|$)/i.test(l.rel))
      .map((l) => l.href),
    ...[...document.querySelectorAll('script[src]')].map((s) => s.src),
  ];
  return {
    h1Count: h1s.length,
    h1Text: h1s.length ? h1s[0].textContent.replace(/\s+/g, ' ').trim() : '',
    lang: de.getAttribute('lang'),
    print: de.getAttribute('data-print'),
    printPages: de.getAttribute('data-print-pages'),
    qrs: [...document.querySelectorAll('svg.qr[data-qr]')]
      .filter((el) => !el.closest('[data-print-hide]'))
      .map((el) => el.getAttribute('data-qr')),
    assets,
  };
}

const AXE_SOURCE = (() => {
  try {
    return fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  } catch {
    return null;
  }
})();

/**
 * Open `url` in a fresh page of `ctx`, watching console, page errors and requests.
 * mode 'http': only the loopback origin (and data:/blob:) may be requested.
 * mode 'file': only file: (and data:/blob:) may be requested.
 * Disallowed requests are aborted before they leave the browser and reported.
 */
async function openWatched(ctx, url, mode, origin) {
  const page = await ctx.newPage();
  const rec = { console: [], errors: [], failed: [], external: [], requests: [], status: null, navError: null };
  const blocked = new Set(); // URLs reported as external (and aborted)
  const failedUrls = new Map(); // URL -> index in rec.failed: one line per URL
  const external = (type, u) => {
    if (blocked.has(u)) return;
    blocked.add(u);
    rec.external.push(`${type} ${u}`);
  };
  const failed = (type, u, why, authoritative = false) => {
    if (blocked.has(u)) return;
    const line = `${type} ${u} (${why})`;
    if (!failedUrls.has(u)) {
      failedUrls.set(u, rec.failed.length);
      rec.failed.push(line);
    } else if (authoritative) {
      rec.failed[failedUrls.get(u)] = line; // an HTTP status says more than net::ERR_ABORTED
    }
  };
  const allowed = (u) =>
    /^(data|blob|about):/i.test(u) ||
    (mode === 'http' ? u.startsWith(origin + '/') || u === origin : /^file:/i.test(u));
  await page.route(
    (u) => !allowed(u.href),
    (route) => {
      external(route.request().resourceType(), route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  page.on('request', (r) => {
    const u = r.url();
    rec.requests.push({ url: u, type: r.resourceType() });
    // Requests that bypass routing are still reported here.
    if (!allowed(u)) external(r.resourceType(), u);
  });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const loc = m.location() || {};
    if (loc.url && blocked.has(loc.url)) return; // already reported as an external request
    rec.console.push(`${short(m.text())}${loc.url ? ` (${loc.url}${loc.lineNumber != null ? ':' + (loc.lineNumber + 1) : ''})` : ''}`);
  });
  page.on('pageerror', (e) => rec.errors.push(short(String(e && e.message ? e.message : e))));
  page.on('response', (r) => {
    if (r.status() >= 400) {
      const seen = rec.requests.find((q) => q.url === r.url()); // the type the page asked for
      failed(seen ? seen.type : r.request().resourceType(), r.url(), `HTTP ${r.status()}`, true);
    }
  });
  page.on('requestfailed', (r) => {
    const f = r.failure();
    failed(r.resourceType(), r.url(), f ? f.errorText : 'failed');
  });
  try {
    const resp = await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
    rec.status = resp ? resp.status() : null;
    // Let late scripts, fonts and async errors settle briefly.
    await page.evaluate(
      () =>
        Promise.race([
          (document.fonts ? document.fonts.ready : Promise.resolve()).then(
            () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))),
          ),
          new Promise((r) => setTimeout(r, 2000)),
        ]),
    );
  } catch (err) {
    rec.navError = short(String(err.message || err).split('\n')[0]);
  }
  return { page, rec };
}

const pageFactsByRel = new Map();

async function checkPage(browser, origin, rel) {
  const httpUrl = origin + '/' + rel.split('/').map(encodeURIComponent).join('/');
  const fileUrl = pathToFileURL(path.join(ROOT, rel)).href;
  const assetUrls = new Set([httpUrl]);
  let facts = null;

  for (const vp of VIEWPORTS) {
    const where = vp.name;
    const options = {
      viewport: vp.viewport,
      isMobile: vp.isMobile,
      hasTouch: vp.hasTouch,
      deviceScaleFactor: vp.deviceScaleFactor,
      serviceWorkers: 'block',
      locale: 'vi-VN',
    };
    // The http pass bypasses the page's CSP so that axe can be injected; the file:// pass
    // runs in a second context with the page's CSP in force, so CSP errors still show.
    const ctx = await browser.newContext({ ...options, bypassCSP: true });
    const fileCtx = await browser.newContext(options);
    try {
      // ---- over the loopback server
      const h = await openWatched(ctx, httpUrl, 'http', origin);
      let f = null;
      const loadProblems = [];
      if (h.rec.navError) loadProblems.push(`http load failed: ${h.rec.navError}`);
      else if (h.rec.status !== 200) loadProblems.push(`http status ${h.rec.status}`);
      let overflowProblems = [];
      let axeProblems = [];
      if (!h.rec.navError) {
        f = await h.page.evaluate(pageFacts);
        if (!facts) facts = f;
        if (!f.h1Text) loadProblems.push(f.h1Count ? 'the <h1> is empty (http)' : 'no <h1> (http)');
        if (f.h1Count > 1 && where === VIEWPORTS[0].name) warnings.push(`[h1] ${rel}: ${f.h1Count} <h1> elements`);
        for (const a of f.assets) assetUrls.add(a.split('#')[0]);
        for (const r of h.rec.requests) {
          if (['document', 'stylesheet', 'script'].includes(r.type)) assetUrls.add(r.url.split('#')[0]);
        }

        const ov = await h.page.evaluate(overflowProbe, vp.viewport.width);
        if (ov.scrollWidth > vp.viewport.width) {
          overflowProblems.push(
            `horizontal scrolling: scrollWidth ${ov.scrollWidth}px > ${vp.viewport.width}px; widest offending element: ${ov.culprit || '(none found)'}`,
          );
        }

        if (!AXE_SOURCE) {
          axeProblems.push('axe-core not installed');
        } else {
          try {
            await h.page.addScriptTag({ content: AXE_SOURCE });
            const violations = await h.page.evaluate(async (tags) => {
              const r = await window.axe.run(document, {
                runOnly: { type: 'tag', values: tags },
                resultTypes: ['violations'],
              });
              return r.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                targets: v.nodes.map((n) => (Array.isArray(n.target) ? n.target.join(' ') : String(n.target))),
              }));
            }, AXE_TAGS);
            for (const v of violations) {
              stats.axeViolations++;
              axeProblems.push(`axe ${v.id} (${v.impact}): ${v.help} — targets: ${v.targets.slice(0, 8).join(' | ')}${v.targets.length > 8 ? ` (+${v.targets.length - 8} more)` : ''}`);
            }
          } catch (err) {
            axeProblems.push(`axe could not run: ${short(String(err.message || err))}`);
          }
        }
      }
      await h.page.close();

      // ---- from file://
      const fl = await openWatched(fileCtx, fileUrl, 'file', origin);
      const fileProblems = [];
      if (fl.rec.navError) fileProblems.push(`file:// load failed: ${fl.rec.navError}`);
      else {
        const ff = await fl.page.evaluate(pageFacts);
        if (!ff.h1Text) fileProblems.push(ff.h1Count ? 'the <h1> is empty (file://)' : 'no <h1> (file://)');
      }
      await fl.page.close();

      const tag = (m) => (list) => list.map((x) => `[${m}] ${x}`);
      record('load', rel, where, loadProblems);
      record('load-file', rel, where, fileProblems);
      record('overflow', rel, where, overflowProblems);
      record('axe', rel, where, axeProblems);
      record('console', rel, where, [
        ...tag('http')(h.rec.console.map((c) => `console error: ${c}`)),
        ...tag('http')(h.rec.errors.map((c) => `page error: ${c}`)),
        ...tag('file')(fl.rec.console.map((c) => `console error: ${c}`)),
        ...tag('file')(fl.rec.errors.map((c) => `page error: ${c}`)),
      ]);
      record('failed-request', rel, where, [
        ...tag('http')(h.rec.failed.map((c) => `failed request: ${c}`)),
        ...tag('file')(fl.rec.failed.map((c) => `failed request: ${c}`)),
      ]);
      record('external-request', rel, where, [
        ...tag('http')(h.rec.external.map((c) => `external request (not ${origin}): ${c}`)),
        ...tag('file')(fl.rec.external.map((c) => `external request (not file://): ${c}`)),
      ]);
    } catch (err) {
      record('load', rel, where, [`check crashed: ${short(String(err.stack || err), 600)}`]);
    } finally {
      await ctx.close().catch(() => {});
      await fileCtx.close().catch(() => {});
    }
  }

  // ---- page weight (once per page): HTML (inline SVG included) + CSS + JS, each gzip -9
  const files = new Set();
  const missing = [];
  for (const u of assetUrls) {
    if (!u.startsWith(origin + '/')) continue; // external ones are failures elsewhere
    const hit = resolvePath(ROOT, new URL(u).pathname);
    if (hit && hit.file) files.add(hit.file);
    else missing.push(u);
  }
  let total = 0;
  const parts = [];
  for (const file of files) {
    const g = gzSize(file);
    total += g;
    parts.push(`${path.relative(ROOT, file)} ${kb(g)}`);
  }
  if (total > stats.largest.bytes) stats.largest = { page: rel, bytes: total };
  record(
    'weight',
    rel,
    'page',
    total > WEIGHT_LIMIT ? [`page weight ${kb(total)} gz > ${kb(WEIGHT_LIMIT)} (${total} bytes): ${parts.join(', ')}`] : [],
  );
  pageFactsByRel.set(rel, facts);
}

// ---------------------------------------------------------------- the print pass

function parsePaper(value) {
  const m = /^\s*(A[345])\b(.*)$/i.exec(value || '');
  if (!m) return null;
  const [w, h] = PAPER[m[1].toUpperCase()];
  const landscape = /landscape/i.test(m[2]);
  return { name: m[1].toUpperCase() + (landscape ? ' landscape' : ''), w: landscape ? h : w, h: landscape ? w : h };
}

async function checkPrint(rel, facts, tmpRoot) {
  const slug = rel.replace(/[^A-Za-z0-9._-]+/g, '_');
  const pdf = path.join(OUT_DIR, 'print', `${slug}.pdf`);
  const userDir = fs.mkdtempSync(path.join(tmpRoot, 'print-profile-'));
  const fileUrl = pathToFileURL(path.join(ROOT, rel)).href;
  const where = `print ${facts.print}`;
  const paper = parsePaper(facts.print);
  const maxPages = Math.max(1, parseInt(facts.printPages || '1', 10) || 1);

  const res = await run(
    CHROMIUM,
    [
      ...CHROME_ARGS,
      ...GUARD_ARGS,
      `--user-data-dir=${userDir}`,
      '--no-pdf-header-footer',
      `--print-to-pdf=${pdf}`,
      fileUrl,
    ],
    { timeout: PRINT_TIMEOUT },
  );
  fs.rmSync(userDir, { recursive: true, force: true });
  if (!fs.existsSync(pdf) || fs.statSync(pdf).size === 0) {
    record('print-pages', rel, where, [`chromium --print-to-pdf produced no PDF (exit ${res.code}): ${short(res.stderr.trim(), 400)}`]);
    return;
  }
  stats.pdfs++;

  // ---- page count and size
  const info = await run('pdfinfo', [pdf]);
  const pages = parseInt((/^Pages:\s+(\d+)/m.exec(info.stdout) || [])[1] || '0', 10);
  record(
    'print-pages',
    rel,
    where,
    pages >= 1 && pages <= maxPages ? [] : [`printed to ${pages} PDF page(s), allowed ${maxPages} (data-print-pages=${facts.printPages ?? 'unset'})`],
  );
  const sizeProblems = [];
  if (!paper) {
    sizeProblems.push(`unknown data-print value "${facts.print}" (expected A4 or A3, optionally "landscape")`);
  } else if (pages >= 1) {
    const sizes = await run('pdfinfo', ['-f', '1', '-l', String(pages), pdf]);
    const re = /^Page\s+(\d+)\s+size:\s+([\d.]+) x ([\d.]+) pts/gm;
    let m;
    let seen = 0;
    while ((m = re.exec(sizes.stdout))) {
      seen++;
      const w = parseFloat(m[2]);
      const h = parseFloat(m[3]);
      if (Math.abs(w - paper.w) > PAPER_TOLERANCE || Math.abs(h - paper.h) > PAPER_TOLERANCE) {
        sizeProblems.push(`PDF page ${m[1]} is ${w}×${h} pt, expected ${paper.name} ${paper.w.toFixed(0)}×${paper.h.toFixed(0)} pt (±${PAPER_TOLERANCE}); does the print CSS set @page { size: ${paper.name} }?`);
      }
    }
    if (!seen) sizeProblems.push(`pdfinfo reported no page sizes: ${short(sizes.stderr.trim())}`);
  }
  record('print-size', rel, where, sizeProblems);

  // ---- QR codes must decode from the printed page(s) at 150 dpi
  if (facts.qrs.length) {
    const decoded = new Set();
    const scanPages = Math.min(Math.max(pages, 1), maxPages);
    const qrProblems = [];
    for (let p = 1; p <= scanPages; p++) {
      const prefix = path.join(OUT_DIR, 'print', `${slug}-p${p}`);
      const r = await run('pdftoppm', ['-r', '150', '-png', '-f', String(p), '-l', String(p), '-singlefile', pdf, prefix]);
      if (r.code !== 0) {
        qrProblems.push(`pdftoppm failed on page ${p}: ${short(r.stderr.trim())}`);
        continue;
      }
      const z = await run('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', `${prefix}.png`]);
      // zbarimg: 0 = found, 4 = nothing found
      if (z.code !== 0 && z.code !== 4) qrProblems.push(`zbarimg failed (exit ${z.code}): ${short(z.stderr.trim())}`);
      for (const line of z.stdout.split('\n')) {
        const v = line.replace(/\r$/, '');
        if (v) decoded.add(v);
      }
    }
    for (const want of facts.qrs) {
      stats.qrExpected++;
      if (decoded.has(want)) stats.qrDecoded++;
      else {
        qrProblems.push(
          `QR "${want}" did not decode from the printed PDF at 150 dpi (decoded: ${decoded.size ? [...decoded].map((d) => JSON.stringify(d)).join(', ') : 'nothing'}); PNG kept in ${path.relative(process.cwd(), OUT_DIR)}/print/`,
        );
      }
    }
    record('qr', rel, where, qrProblems);
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const pages = findFiles(ROOT, '.html');
  log(`browser suite: ${pages.length} page(s) in ${ROOT}`);
  if (!pages.length) {
    record('load', '(none)', '-', [`no *.html files under ${ROOT}`]);
    return;
  }
  fs.rmSync(path.join(OUT_DIR, 'print'), { recursive: true, force: true });
  fs.mkdirSync(path.join(OUT_DIR, 'print'), { recursive: true });
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-browser-'));

  const validator = runValidator(pages); // runs alongside the browser pass
  const srv = await startServer(ROOT);
  let browser;
  try {
    browser = await launchBrowser();

    // The flags we were asked to pass must really be on the browser's command line.
    {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      let problems = [];
      try {
        await p.goto('chrome://version', { timeout: NAV_TIMEOUT });
        const cmd = await p.evaluate(() => (document.getElementById('command_line') || document.body).innerText);
        problems = CHROME_ARGS.filter((a) => !cmd.includes(a)).map((a) => `browser flag ${a} missing from command line`);
        if (!/--user-data-dir=/.test(cmd)) problems.push('browser runs without a --user-data-dir');
      } catch (err) {
        problems.push(`could not read chrome://version: ${short(String(err.message || err))}`);
      }
      record('browser', '(browser)', 'flags', problems);
      await ctx.close();
    }

    let done = 0;
    await pool(pages, PAGE_CONCURRENCY, async (rel) => {
      await checkPage(browser, srv.origin, rel);
      done++;
      if (done % 10 === 0 || done === pages.length) log(`  browser: ${done}/${pages.length} pages (${elapsed()})`);
    });
  } finally {
    if (browser) await browser.close().catch(() => {});
    await srv.close();
  }

  const printPages = pages.filter((p) => pageFactsByRel.get(p) && pageFactsByRel.get(p).print != null);
  if (printPages.length) log(`  print: ${printPages.length} page(s) with data-print`);
  await pool(printPages, PRINT_CONCURRENCY, (rel) => checkPrint(rel, pageFactsByRel.get(rel), tmpRoot));
  fs.rmSync(tmpRoot, { recursive: true, force: true });

  log(`  validator: waiting (${elapsed()})`);
  await validator;
  return pages;
}

let pages = [];
try {
  pages = (await main()) || [];
} catch (err) {
  record('suite', '(suite)', '-', [`suite crashed: ${String(err.stack || err)}`]);
}

// ---------------------------------------------------------------- report

const KIND_ORDER = ['suite', 'browser', 'load', 'load-file', 'console', 'failed-request', 'external-request', 'overflow', 'axe', 'html', 'weight', 'print-pages', 'print-size', 'qr'];
const failed = results
  .filter((r) => r.problems.length)
  .sort(
    (a, b) =>
      (a.page < b.page ? -1 : a.page > b.page ? 1 : 0) ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      (a.where < b.where ? 1 : a.where > b.where ? -1 : 0),
  );
const passed = results.length - failed.length;

if (warnings.length) {
  log(`\nWarnings (${warnings.length}, not fatal):`);
  for (const w of warnings.slice(0, 200)) log(`  ${w}`);
  if (warnings.length > 200) log(`  … ${warnings.length - 200} more`);
}
if (failed.length) {
  log(`\nFailures (${failed.length}):`);
  for (const r of failed) {
    log(`FAIL [${r.kind}] ${r.page} @ ${r.where}`);
    for (const p of r.problems) log(`    - ${p}`);
  }
}
const byKind = {};
for (const r of failed) byKind[r.kind] = (byKind[r.kind] || 0) + 1;

log('\nSummary');
log(`  pages checked:        ${pages.length}`);
log(`  viewports:            ${VIEWPORTS.map((v) => `${v.name}${v.isMobile ? ` (mobile, ${v.deviceScaleFactor}x)` : ''}`).join(', ')}; over http://127.0.0.1 and file://`);
log(`  largest page:         ${stats.largest.page ? `${stats.largest.page} ${kb(stats.largest.bytes)} gz (${stats.largest.bytes} bytes; limit ${kb(WEIGHT_LIMIT)})` : '-'}`);
log(`  axe violations:       ${stats.axeViolations}`);
log(`  validator:            ${stats.vnuErrors} error(s), ${stats.vnuWarnings} warning(s)`);
log(`  PDFs checked:         ${stats.pdfs}`);
log(`  QR codes decoded:     ${stats.qrDecoded}/${stats.qrExpected}`);
log(`  failed checks by kind: ${Object.keys(byKind).length ? Object.entries(byKind).map(([k, n]) => `${k}=${n}`).join(' ') : 'none'}`);
log(`  time:                 ${elapsed()}`);
log(`browser: ${passed} passed, ${failed.length} failed`);
process.exitCode = failed.length ? 1 : 0;
