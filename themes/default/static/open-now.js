// Loa: open now, next session, days left, in Vietnam time (UTC+7); as src/render/hours.rs
(function () {
var W = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ Nhật'], D = 864e5;
function day(s) { return Date.UTC(+s.slice(0, 4), s.slice(5, 7) - 1, +s.slice(8, 10)) / D; }
function p(n) { return (n < 10 ? '0' : '') + n; }
function hm(m) { return p(m / 60 | 0) + ':' + p(m % 60); }
function wd(d) { return (d % 7 + 10) % 7; } // 0 = Monday
function ds(d) { var t = new Date(d * D), m = t.getUTCMonth() + 1; return p(t.getUTCDate()) + '/' + (m < 3 ? p(m) : m) + '/' + t.getUTCFullYear(); }
function clock(ms) { var t = ms + 252e5; return [Math.floor(t / D), Math.floor(t % D / 6e4)]; }
function next(list, today, min) {
 var b = null;
 list.forEach(function (h) {
  var d = Math.max(today, day(h.s)), e = day(h.e), r = null;
  function shut(x) { return day(x[0]) <= d && d <= day(x[1]); }
  for (; d <= e && !r; d++) if (h.d.indexOf(wd(d) + 1) >= 0 && !h.x.some(shut)) h.h.some(function (t) {
   if (d > today || min < t[2]) r = { open: d == today && min >= t[1], day: d, label: t[0], start: t[1], end: t[2] };
   return r;
  });
  if (r && (!b || r.day < b.day || r.day == b.day && r.start < b.start)) b = r;
 });
 return b;
}
function describe(s, today) {
 if (!s) return 'Các buổi tiếp nhận đã kết thúc.';
 if (s.open) return 'Đang làm việc: ' + s.label + ', đến ' + hm(s.end) + '.';
 var w = W[wd(s.day)] + ', ' + ds(s.day), k = s.day - today;
 return 'Buổi gần nhất: ' + s.label + ', ' + hm(s.start) + '–' + hm(s.end) + ', ' + (k == 0 ? 'hôm nay (' + w + ')' : k == 1 ? 'ngày mai (' + w + ')' : w) + '.';
}
function deadline(dl, today) {
 var n = dl - today, s = ds(dl);
 return n > 1 ? 'còn ' + n + ' ngày (đến hết ' + s + ')' : n == 1 ? 'còn 1 ngày: hạn cuối là ngày mai, ' + s : n == 0 ? 'hôm nay là hạn cuối (' + s + ')' : 'đã hết hạn ngày ' + s + ' (' + -n + ' ngày trước)';
}
if (typeof module != 'undefined') module.exports = { day: day, clock: clock, next: next, describe: describe, deadline: deadline };
if (typeof document == 'undefined') return;
function each(q, f) { [].forEach.call(document.querySelectorAll(q), f); }
function run() {
 var c = clock(Date.now());
 each('[data-hours]', function (el) {
  var s = next(JSON.parse(el.getAttribute('data-hours')), c[0], c[1]);
  el.textContent = describe(s, c[0]);
  el.classList.toggle('is-open', !!(s && s.open));
 });
 each('[data-deadline]', function (el) {
  var t = el.querySelector('.days-left');
  if (t) t.textContent = deadline(day(el.getAttribute('data-deadline')), c[0]);
 });
}
run(); setInterval(run, 6e4);
// Copy buttons appear only with this script; without it the text is selectable.
each('[data-copy]', function (b) {
 b.hidden = false;
 b.onclick = function () {
  var el = document.getElementById(b.getAttribute('data-copy'));
  function done() { b.textContent = b.getAttribute('data-done'); }
  function pick() {
   var r = document.createRange(), s = getSelection();
   r.selectNodeContents(el); s.removeAllRanges(); s.addRange(r);
   try { document.execCommand('copy') && done(); } catch (e) {}
  }
  navigator.clipboard ? navigator.clipboard.writeText(el.textContent).then(done, pick) : pick();
 };
});
})();
