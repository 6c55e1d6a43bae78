// Query-side folding and matching of themes/default/static/search.js.
// Run: node --test tests/js/
// The folding table is shared with the Rust test of the index side
// (tests/search.rs), so the two can never drift apart silently.
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const fs = require("node:fs");

const root = path.join(__dirname, "..", "..");
const { fold, search } = require(path.join(root, "themes/default/static/search.js"));
const { cases } = JSON.parse(fs.readFileSync(path.join(__dirname, "fold-cases.json"), "utf8"));

test("fold: the shared table", () => {
  assert.ok(cases.length >= 15);
  for (const [input, want] of cases) assert.equal(fold(input), want, JSON.stringify(input));
});

test("fold: NFC and NFD give the same result", () => {
  for (const [input] of cases) {
    assert.equal(fold(input.normalize("NFD")), fold(input.normalize("NFC")), input);
  }
});

// Rows as the build writes them: [title, path, kind, folded keywords].
const INDEX = [
  ["Định danh điện tử mức 2 cho trẻ 6–14 tuổi", "chien-dich/x/index.html", "c", "trien khai can cuoc"],
  ["Làm Căn cước và định danh điện tử mức 2 cho trẻ từ 6 đến dưới 14 tuổi", "chien-dich/x/huong-dan/a/index.html", "g", "giay khai sinh"],
  ["Học sinh dự thi năm 2026 chưa có Căn cước", "chien-dich/x/huong-dan/b/index.html", "g", "tu 14 tuoi"],
  ["Công an xã Gia Lộc", "dia-diem/gia-loc/index.html", "l", "56 le thanh nghi"],
  ["Tăng ca buổi tối", "thong-bao/t/index.html", "n", "dinh danh muc 2"],
];
const LABELS = { c: "Chiến dịch", s: "Lịch tiếp nhận", g: "Hướng dẫn", l: "Địa điểm", n: "Thông báo" };
const paths = (q) => search(INDEX, q, LABELS).map((e) => e[1]);

test("search: 'can cuoc 6 tuoi' finds the 6–14 guide first", () => {
  assert.equal(paths("can cuoc 6 tuoi")[0], "chien-dich/x/huong-dan/a/index.html");
  assert.equal(paths("căn cước 6 tuổi")[0], "chien-dich/x/huong-dan/a/index.html");
  assert.equal(paths("CAN CUOC 6 TUOI".normalize("NFD"))[0], "chien-dich/x/huong-dan/a/index.html");
});

test("search: every word must match, as a word start", () => {
  assert.deepEqual(paths("gia loc"), ["dia-diem/gia-loc/index.html"]);
  assert.deepEqual(paths("gia loc khai"), []);
  // "6" is a word of the title, not a piece of "2026".
  assert.ok(!paths("6").includes("chien-dich/x/huong-dan/b/index.html"));
  assert.deepEqual(paths("thanh ngh"), ["dia-diem/gia-loc/index.html"]);
});

test("search: title hits rank above keyword hits", () => {
  const r = paths("dinh danh");
  assert.deepEqual(r.slice(0, 2), ["chien-dich/x/index.html", "chien-dich/x/huong-dan/a/index.html"]);
  assert.equal(r[r.length - 1], "thong-bao/t/index.html");
});

test("search: the kind label matches too", () => {
  assert.deepEqual(paths("dia diem"), ["dia-diem/gia-loc/index.html"]);
  assert.deepEqual(paths("thong bao tang ca"), ["thong-bao/t/index.html"]);
});

test("search: empty or punctuation-only query finds nothing", () => {
  assert.deepEqual(paths(""), []);
  assert.deepEqual(paths("  – ; "), []);
});

test("search: the ward name (5th field, province page) narrows results", () => {
  const rows = [
    ["Làm Căn cước cho trẻ 6–14 tuổi", "gia-phuc/g/index.html", "g", "", "Xã Gia Phúc"],
    ["Làm Căn cước cho trẻ 6–14 tuổi", "tu-minh/g/index.html", "g", "", "Phường Tứ Minh"],
  ];
  assert.equal(search(rows, "can cuoc 6 tuoi", LABELS).length, 2);
  assert.deepEqual(search(rows, "tu minh can cuoc", LABELS).map((e) => e[1]), ["tu-minh/g/index.html"]);
});
