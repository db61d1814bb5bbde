#!/usr/bin/env bash
# The installable packages, built by the Tauri bundler (@tauri-apps/cli, pinned in ui/'s lock file)
# from the release build: target/release/bundle/deb/保后 Baohou_<version>_amd64.deb, with the app
# icon (assets/icons), its desktop entry and the version of the workspace's Cargo.toml.
#
#   bash scripts/package.sh            # .deb
#   bash scripts/package.sh appimage   # also the AppImage (the bundler downloads its tools)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
(cd ui && npm ci --silent)

bundles="deb"
[ "${1:-}" = "appimage" ] && bundles="deb,appimage"

# The Tauri tools read the configuration from the folder of the app's Cargo.toml
# (src-tauri/tauri.conf.json links to the top-level one).
# A Debian package name is lowercase ASCII: the bundles are named `baohou`, while the menu
# entry reads 保后 Baohou (assets/baohou.desktop).
TAURI_APP_PATH="$PWD/src-tauri" TAURI_FRONTEND_PATH="$PWD/ui" \
  ui/node_modules/.bin/tauri build --ci --bundles "$bundles" --config '{"productName": "baohou"}'


echo "==> packages"
find target/release/bundle -maxdepth 2 \( -name '*.deb' -o -name '*.AppImage' \) -printf '%s\t%p\n'
