#!/usr/bin/env bash
# Installs what Baohou needs to build, run and test, on Debian 12 or newer. Idempotent: a second
# run installs nothing. Called by scripts/demo.sh and scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential pkg-config curl file
  libwebkit2gtk-4.1-dev libgtk-3-dev libssl-dev librsvg2-dev libxdo-dev libayatana-appindicator3-dev
  fonts-noto-cjk            # Chinese text in the app window
  xvfb xauth x11-utils xdotool imagemagick   # a real window without a screen, and its screenshot
  webkit2gtk-driver         # WebKitWebDriver, which tauri-driver drives for the end-to-end tests
  poppler-utils             # pdftotext, pdffonts, pdfinfo, pdftoppm: the report tests read the PDFs
  xdg-utils                 # xdg-open: 打开 / 打印 opens a report in the system PDF viewer
  squashfs-tools            # mksquashfs: the AppImage's file system (scripts/appimage.sh)
  debootstrap               # clean Debian systems the packages are installed on (scripts/clean-install.sh)
  postgresql                # head office on PostgreSQL: the tests start a throwaway server (scripts/pg.sh)
  chromium chromium-driver  # headless Chromium as the officer's phone (tests/phone.rs)
)

bash scripts/apt-install.sh "${APT_PACKAGES[@]}"

command -v cargo >/dev/null || { echo "cargo is missing: install Rust (https://rustup.rs) first" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is missing: install Node.js 20 or newer first" >&2; exit 1; }

# UI dependencies, exactly as locked. Re-run only when the lock file changed.
stamp=ui/node_modules/.baohou-lock
if [ ! -f "$stamp" ] || ! cmp -s ui/package-lock.json "$stamp"; then
  echo "==> npm ci (ui)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  cp ui/package-lock.json "$stamp"
fi

# cargo-nextest runs the test suite (scripts/test.sh): on the CI machines already; built once
# where it is missing.
command -v cargo-nextest >/dev/null || cargo install cargo-nextest --locked --quiet
