#!/usr/bin/env bash
# Install what the browser suite needs. Idempotent and non-interactive:
#   - Debian packages (chromium, chromium-driver, zbar-tools, poppler-utils, qrencode,
#     a Java runtime for the Nu validator), only when their binaries are missing;
#   - the npm packages pinned in package-lock.json (npm ci).
# Never downloads a browser of its own: the suite drives Debian's /usr/bin/chromium.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DEBIAN_FRONTEND=noninteractive

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else SUDO=""; fi
fi

# binary -> Debian package
need=()
have() { command -v "$1" >/dev/null 2>&1 || [ -x "$1" ]; }
have /usr/bin/chromium || need+=(chromium)
have chromedriver || have /usr/bin/chromedriver || need+=(chromium-driver)
have zbarimg || need+=(zbar-tools)
{ have pdfinfo && have pdftoppm; } || need+=(poppler-utils)
have qrencode || need+=(qrencode) # only used to (re)make QR fixtures
have java || need+=(openjdk-17-jre-headless)
# Pages use the system font stack; posters are fitted to one sheet with Noto
# Sans metrics, so print with the font a Vietnamese phone or PC would have.
[ -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ] || need+=(fonts-noto-core)
have node || need+=(nodejs)
have npm || need+=(npm)

if [ "${#need[@]}" -gt 0 ]; then
  echo "setup: installing ${need[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
else
  echo "setup: Debian packages already present"
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "setup: node $(node --version) is too old; playwright-core needs node >= 20" >&2
  exit 1
fi

cd "$HERE"
# --ignore-scripts: vnu-jar's postinstall would try to download a JDK; we use the system java.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
echo "setup: ok ($(/usr/bin/chromium --version 2>/dev/null | head -n1); java $(java -version 2>&1 | head -n1 | cut -d'"' -f2); node $(node --version))"
