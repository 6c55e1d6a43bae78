#!/usr/bin/env bash
# Prove the browser suite can pass and can fail:
#   fixtures/good must pass (exit 0, "browser: N passed, 0 failed");
#   fixtures/bad must fail (exit 1) with every intended failure kind named.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/out/selftest"
mkdir -p "$OUT"
[ -d "$HERE/node_modules/playwright-core" ] || bash "$HERE/setup.sh"

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
nok() { fail=$((fail + 1)); echo "FAIL - $1"; }
expect() { # description, command...
  local what="$1"
  shift
  if "$@"; then ok "$what"; else nok "$what"; fi
}

start=$(date +%s)

echo "== suite on fixtures/good (must pass)"
BROWSER_OUT="$OUT/good" node "$HERE/suite.mjs" "$HERE/fixtures/good" >"$OUT/good.log" 2>&1
good_rc=$?
sed -n '/^Summary/,$p' "$OUT/good.log"
expect "good: exit code 0 (got $good_rc)" [ "$good_rc" -eq 0 ]
expect "good: closing line reports 0 failed" grep -Eq '^browser: [1-9][0-9]* passed, 0 failed$' "$OUT/good.log"
expect "good: both A4 guides were printed to PDF (one 1-page, one data-print-pages=2)" grep -Eq '^  PDFs checked: +2$' "$OUT/good.log"
expect "good: their QR codes decoded from the print (one on page 2)" grep -Eq '^  QR codes decoded: +2/2$' "$OUT/good.log"
expect "good: a validator warning is reported but not fatal" grep -Eq '^  validator: +0 error\(s\), 1 warning\(s\)$' "$OUT/good.log"
expect "good: both viewports checked" grep -q '360x640 (mobile, 2x), 1280x800' "$OUT/good.log"

echo "== suite on fixtures/bad (must fail)"
BROWSER_OUT="$OUT/bad" node "$HERE/suite.mjs" "$HERE/fixtures/bad" >"$OUT/bad.log" 2>&1
bad_rc=$?
sed -n '/^Summary/,$p' "$OUT/bad.log"
expect "bad: exit code 1 (got $bad_rc)" [ "$bad_rc" -eq 1 ]
expect "bad: closing line reports failures" grep -Eq '^browser: [0-9]+ passed, [1-9][0-9]* failed$' "$OUT/bad.log"

# kind | page that must fail it | text that must appear in the report
while IFS='|' read -r kind page text; do
  [ -n "$kind" ] || continue
  expect "bad: [$kind] reported for $page" grep -q "^FAIL \[$kind\] $page @" "$OUT/bad.log"
  if [ -n "$text" ]; then
    expect "bad: report mentions \"$text\"" grep -qF -- "$text" "$OUT/bad.log"
  fi
done <<'KINDS'
overflow|overflow.html|widest offending element: body > main > div.wide
axe|img-no-alt.html|axe image-alt (critical)
html|invalid-element.html|The “blink” element is a completely-unknown element
external-request|external-request.html|https://cdn.example.com/logo.png
weight|oversize.html|page weight
print-pages|print-two-pages.html|printed to 2 PDF page(s), allowed 1
print-size|print-wrong-size-qr.html|expected A3
qr|print-wrong-size-qr.html|QR "https://dichvucong.bocongan.gov.vn/sai" did not decode
console|broken.html|page error: lỗi cố ý: throws.js
failed-request|broken.html|khong-co.css
load|broken.html|no <h1> (http)
load-file|broken.html|no <h1> (file://)
KINDS

expect "bad: the overflow is found at 360 px only" bash -c "! grep -q '^FAIL \[overflow\] overflow.html @ 1280x800' '$OUT/bad.log'"
expect "bad: the valid index.html there has no failure" bash -c "! grep -q '^FAIL \[[a-z-]*\] index.html @' '$OUT/bad.log'"

secs=$(($(date +%s) - start))
echo "logs: $OUT/good.log $OUT/bad.log (${secs}s)"
echo "selftest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
