#!/usr/bin/env node
// Full-page PNG screenshots of a built Loa site at phone width (360 px, deviceScaleFactor 1).
//
//   node tests/browser/screenshots.mjs <OUTPUT_DIR> <DEST_DIR> [page.html ...]
//
// With no pages given: index.html -> home.png, and the first page (sorted) matching
//   **/chien-dich/*/index.html -> campaign.png
//   **/huong-dan/*/index.html  -> guide.png
//   **/lich/index.html         -> schedule.png
// Pages given as relative paths are saved under their path with "/" turned into "__".

import fs from 'node:fs';
import path from 'node:path';

import { startServer } from './lib/server.mjs';
import { findFiles, globToRegExp } from './lib/files.mjs';
import { launchBrowser } from './lib/chrome.mjs';

const DEFAULTS = [
  ['home.png', 'index.html'],
  ['campaign.png', '**/chien-dich/*/index.html'],
  ['guide.png', '**/huong-dan/*/index.html'],
  ['schedule.png', '**/lich/index.html'],
];

const [rootArg, destArg, ...wanted] = process.argv.slice(2);
if (!rootArg || !destArg) {
  console.error('usage: node tests/browser/screenshots.mjs <OUTPUT_DIR> <DEST_DIR> [page.html ...]');
  process.exit(2);
}
const ROOT = path.resolve(rootArg);
const DEST = path.resolve(destArg);
if (!fs.existsSync(ROOT) || !fs.statSync(ROOT).isDirectory()) {
  console.error(`screenshots: ${ROOT} is not a directory`);
  process.exit(2);
}

const jobs = []; // [fileName, relPath]
let missing = 0;
if (wanted.length) {
  for (const w of wanted) {
    const rel = w.replace(/\\/g, '/').replace(/^\.?\//, '');
    if (!fs.existsSync(path.join(ROOT, rel))) {
      console.error(`screenshots: ${rel} not found under ${ROOT}`);
      missing++;
      continue;
    }
    jobs.push([rel.replace(/\.html?$/i, '').replace(/\//g, '__') + '.png', rel]);
  }
} else {
  const pages = findFiles(ROOT, '.html');
  for (const [name, glob] of DEFAULTS) {
    const re = globToRegExp(glob);
    const rel = pages.find((p) => re.test(p));
    if (rel) jobs.push([name, rel]);
    else console.error(`screenshots: no page matches ${glob} (skipping ${name})`);
  }
}

fs.mkdirSync(DEST, { recursive: true });
const srv = await startServer(ROOT);
const browser = await launchBrowser();
let failed = missing;
try {
  const ctx = await browser.newContext({
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    serviceWorkers: 'block',
    locale: 'vi-VN',
  });
  // Never let a page reach beyond the loopback server.
  await ctx.route(
    (u) => !(u.href.startsWith(srv.origin + '/') || /^(data|blob|about):/i.test(u.href)),
    (route) => route.abort('blockedbyclient'),
  );
  for (const [name, rel] of jobs) {
    const page = await ctx.newPage();
    try {
      const url = srv.origin + '/' + rel.split('/').map(encodeURIComponent).join('/');
      await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
      await page.evaluate(() => (document.fonts ? document.fonts.ready : null));
      const out = path.join(DEST, name);
      await page.screenshot({ path: out, fullPage: true, type: 'png' });
      const shown = path.relative(process.cwd(), out);
      console.log(`${rel} -> ${shown.startsWith('..') ? out : shown}`);
    } catch (err) {
      failed++;
      console.error(`screenshots: ${rel}: ${String(err.message || err).split('\n')[0]}`);
    } finally {
      await page.close();
    }
  }
} finally {
  await browser.close().catch(() => {});
  await srv.close();
}
process.exitCode = failed ? 1 : 0;
