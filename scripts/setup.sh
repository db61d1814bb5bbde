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
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v cargo >/dev/null || { echo "cargo is missing: install Rust (https://rustup.rs) first" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is missing: install Node.js 20 or newer first" >&2; exit 1; }

# UI dependencies, exactly as locked. Re-run only when the lock file changed.
stamp=ui/node_modules/.baohou-lock
if [ ! -f "$stamp" ] || ! cmp -s ui/package-lock.json "$stamp"; then
  echo "==> npm ci (ui)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  cp ui/package-lock.json "$stamp"
fi
