// Search without accents, proven in Chromium from file:// (where fetch is
// blocked, so the index must arrive by <script>): the header box on a page
// leads to the search page, which lists matches; without JavaScript the
// same page lists every page.
//
//   node tests/browser/search.mjs OUTPUT_DIR      (a built sample, e.g. public)
//
// Prints one line per check, ends with "search: N passed, M failed".
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const CHROME_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];
const OUT = path.resolve(process.argv[2] || 'public');

let passed = 0;
let failed = 0;
function check(ok, what, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail ? ` (${detail})` : ''}`);
}

const url = (rel) => pathToFileURL(path.join(OUT, rel)).href;

async function results(page) {
  return page.locator('#search-results a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
}

async function main() {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROME_ARGS });
  const errors = [];
  try {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, locale: 'vi-VN' });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

    // Typed in the header of a guide page, without accents, as on a phone.
    await page.goto(url('gia-phuc/chien-dich/can-cuoc-dinh-danh-2026/huong-dan/hoc-sinh-du-thi-2026/index.html'));
    await page.fill('#top-q', 'can cuoc 6 tuoi');
    await Promise.all([page.waitForURL(/tim-kiem\/index\.html\?q=/), page.press('#top-q', 'Enter')]);
    let found = await results(page);
    check(
      found[0] === '../chien-dich/can-cuoc-dinh-danh-2026/huong-dan/tu-6-den-duoi-14-tuoi/index.html',
      'gia-phuc: "can cuoc 6 tuoi" from the header finds the 6–14 guide first',
      found.join(' '),
    );
    check((await page.inputValue('#q')) === 'can cuoc 6 tuoi', 'the search page keeps the query in its box');
    const heading = await page.locator('#search-results h2').textContent();
    check(/can cuoc 6 tuoi/.test(heading), 'the results heading names the query', heading);

    // Typing on the search page filters as you type; with or without accents alike.
    await page.goto(url('tu-minh/tim-kiem/index.html'));
    await page.fill('#q', 'dinh danh');
    const plain = await results(page);
    await page.fill('#q', 'ĐỊNH DANH');
    const accented = await results(page);
    check(plain.length >= 5 && plain.join() === accented.join(), '"dinh danh" and "ĐỊNH DANH" find the same pages', `${plain.length}`);
    check(plain[0] === '../chien-dich/dinh-danh-6-14/index.html', 'the campaign, whose title matches, comes first', plain[0]);
    await page.fill('#q', 'khong co trang nay');
    check((await results(page)).length === 0 && (await page.locator('#search-results h2').count()) === 1,
      'no match says so');
    // A result link opens its page.
    await page.fill('#q', 'thach khoi');
    await page.locator('#search-results a').first().click();
    await page.waitForLoadState();
    check((await page.locator('h1').textContent()).trim() === 'Công an phường Thạch Khôi', 'a result opens its page');

    // From the province page: both wards' guides; the ward's name narrows it.
    await page.goto(url('index.html'));
    await page.fill('#top-q', 'can cuoc 6 tuoi');
    await Promise.all([page.waitForURL(/tim-kiem\/index\.html\?q=/), page.press('#top-q', 'Enter')]);
    found = await results(page);
    check(
      found.includes('../gia-phuc/chien-dich/can-cuoc-dinh-danh-2026/huong-dan/tu-6-den-duoi-14-tuoi/index.html') &&
        found.includes('../tu-minh/chien-dich/dinh-danh-6-14/huong-dan/tre-6-14-chua-co-can-cuoc/index.html'),
      'province: "can cuoc 6 tuoi" finds the 6–14 guides of both wards',
      found.join(' '),
    );
    await page.fill('#q', 'gia phuc can cuoc 6 tuoi');
    found = await results(page);
    check(
      found.length >= 1 && found.every((h) => h.startsWith('../gia-phuc/')),
      'province: adding the ward name keeps only its pages',
      found.join(' '),
    );

    // The header fits a 360 px phone.
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    check(wide <= 360, 'the header with the search box fits 360 px', `${wide}px`);
    check(errors.length === 0, 'no console or page error', errors.join(' | '));

    // Without JavaScript: a plain list of every page, grouped.
    const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 640 } });
    const p2 = await noJs.newPage();
    await p2.goto(url('tu-minh/tim-kiem/index.html') + '?q=dinh+danh');
    const index = fs.readFileSync(path.join(OUT, 'tu-minh/assets/search-index.js'), 'utf8');
    const rows = JSON.parse(index.slice(index.indexOf('['), index.lastIndexOf(']') + 1));
    const listed = await p2.locator('section[data-kind] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    check(rows.every((r) => listed.includes('../' + r[1])), 'without JavaScript every indexed page is listed', `${listed.length}/${rows.length}`);
    check((await p2.locator('section[data-kind] h3').count()) === 5, 'grouped under five headings');
    await noJs.close();
  } finally {
    await browser.close();
  }
  console.log(`search: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
