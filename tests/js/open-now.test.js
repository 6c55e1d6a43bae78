// Unit tests of themes/default/static/open-now.js, run with `node --test tests/js/`.
// The cases in tests/fixtures/open-now.json are also checked by the Rust
// tests of src/render/hours.rs, so browser and build say the same thing.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const fs = require('node:fs');

const root = path.join(__dirname, '..', '..');
const script = path.join(root, 'themes', 'default', 'static', 'open-now.js');
const lib = require(script);
const fixture = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'fixtures', 'open-now.json'), 'utf8'));

function at(now) {
  const [date, time] = now.split('T');
  const [h, m] = time.split(':').map(Number);
  return [lib.day(date), h * 60 + m];
}

test('shared next-session cases give the same text as the build', () => {
  assert.ok(fixture.sessions.length >= 10);
  for (const c of fixture.sessions) {
    const [d, min] = at(c.now);
    assert.strictEqual(lib.describe(lib.next(c.hours, d, min), d), c.text, c.name);
  }
});

test('shared days-left cases give the same text as the build', () => {
  for (const c of fixture.deadlines) {
    assert.strictEqual(lib.deadline(lib.day(c.deadline), lib.day(c.today)), c.text);
  }
});

test('the clock is Vietnam time whatever the phone zone', () => {
  // 16:00 UTC is 23:00 in Vietnam, the same day.
  assert.deepStrictEqual(lib.clock(Date.UTC(2026, 3, 20, 16, 0)), [lib.day('2026-04-20'), 23 * 60]);
  // 17:30 UTC is already 00:30 the next day in Vietnam.
  assert.deepStrictEqual(lib.clock(Date.UTC(2026, 3, 20, 17, 30)), [lib.day('2026-04-21'), 30]);
  // Date.now() is zone-free; the script never reads the local zone. Prove it
  // by running the same moment under another TZ in a child process.
  const { execFileSync } = require('node:child_process');
  const code = `const l=require(${JSON.stringify(script)});process.stdout.write(JSON.stringify(l.clock(Date.UTC(2026,3,20,16,0))))`;
  for (const tz of ['America/Los_Angeles', 'Asia/Tokyo', 'UTC']) {
    const out = execFileSync(process.execPath, ['-e', code], { env: { ...process.env, TZ: tz } });
    assert.deepStrictEqual(JSON.parse(String(out)), [lib.day('2026-04-20'), 23 * 60], tz);
  }
});

test('at 23:00 the next session is tomorrow 07:30, never after the end date', () => {
  const tm = fixture.sessions[0].hours;
  const s = lib.next(tm, lib.day('2026-04-20'), 23 * 60);
  assert.deepStrictEqual([s.day, s.start, s.open], [lib.day('2026-04-21'), 450, false]);
  assert.strictEqual(lib.next(tm, lib.day('2026-05-05'), 22 * 60), null);
  // Every day up to the end has a session; none after it.
  for (let d = lib.day('2026-04-07'); d <= lib.day('2026-05-05'); d++) {
    assert.strictEqual(lib.next(tm, d, 0).day, d);
  }
});

test('the script stays tiny', () => {
  const size = require('node:zlib').gzipSync(fs.readFileSync(script)).length;
  assert.ok(size < 2048, `${size} bytes gzipped`);
});

test('in a page it rewrites the sentences and shows the copy buttons', () => {
  const vm = require('node:vm');
  const hours = JSON.stringify(fixture.sessions[0].hours);
  const el = (attrs, child) => ({
    attrs, textContent: 'fallback', hidden: true, open: null,
    getAttribute(k) { return this.attrs[k]; },
    classList: { toggle(c, on) { el.last = [c, on]; } },
    querySelector() { return child; },
  });
  const sentence = el({ 'data-hours': hours });
  const left = { textContent: 'build-time' };
  const deadline = el({ 'data-deadline': '2026-05-05' }, left);
  const button = el({ 'data-copy': 'text-loa', 'data-done': 'Đã sao chép' });
  const found = { '[data-hours]': [sentence], '[data-deadline]': [deadline], '[data-copy]': [button] };
  const RealDate = Date;
  class FakeDate extends RealDate { static now() { return RealDate.UTC(2026, 3, 20, 13, 0); } }
  vm.runInNewContext(fs.readFileSync(script, 'utf8'), {
    document: { querySelectorAll: (q) => found[q] || [] },
    navigator: {}, setInterval() {}, Date: FakeDate, JSON, Math,
  });
  // 13:00 UTC is 20:00 in Vietnam: the evening shift is running.
  assert.strictEqual(sentence.textContent, 'Đang làm việc: Buổi tối, đến 22:00.');
  assert.deepStrictEqual(el.last, ['is-open', true]);
  assert.strictEqual(left.textContent, 'còn 15 ngày (đến hết 05/5/2026)');
  assert.strictEqual(button.hidden, false);
  assert.strictEqual(typeof button.onclick, 'function');
});
