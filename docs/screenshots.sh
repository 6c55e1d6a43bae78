#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png: the sample built for a day inside the
# Tứ Minh campaign, photographed at phone width (360 px) in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/browser/setup.sh >/dev/null
out=$(mktemp -d)
cargo run -q --release -- build --today 2026-04-20 --out "$out/public"
node tests/browser/screenshots.mjs "$out/public" docs/screenshots \
  tu-minh/index.html \
  tu-minh/chien-dich/dinh-danh-6-14/index.html \
  tu-minh/chien-dich/dinh-danh-6-14/huong-dan/tre-6-14-da-co-can-cuoc/index.html \
  tu-minh/chien-dich/dinh-danh-6-14/lich/index.html
cd docs/screenshots
mv tu-minh__index.png home.png
mv tu-minh__chien-dich__dinh-danh-6-14__index.png campaign.png
mv tu-minh__chien-dich__dinh-danh-6-14__huong-dan__tre-6-14-da-co-can-cuoc__index.png guide.png
mv tu-minh__chien-dich__dinh-danh-6-14__lich__index.png schedule.png
rm -rf "$out"
