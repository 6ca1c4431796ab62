#!/usr/bin/env bash
# Installs the headless browser the sample page's browser test drives: Chromium from Debian's
# packages (/usr/bin/chromium) and playwright-core from npm (pinned in package-lock.json), which
# drives that Chromium over CDP. Playwright's own browser downloads are never used.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# Fonts so the screenshot shows text; fonts-liberation is what chromium recommends.
[ -d /usr/share/fonts/truetype/liberation ] || missing+=(fonts-liberation)
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
if [ -f node_modules/playwright-core/package.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "playwright-core already installed"
  exit 0
fi
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
