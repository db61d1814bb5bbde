#!/usr/bin/env bash
# The installable packages, from the release build, with the app icon (assets/icons), its desktop
# entry (assets/baohou.desktop) and the version of the workspace's Cargo.toml:
# - target/release/bundle/deb/baohou_<version>_amd64.deb, built by the Tauri bundler
#   (@tauri-apps/cli, pinned in ui/'s lock file);
# - target/release/bundle/appimage/baohou_<version>_amd64.AppImage, made from the .deb by
#   scripts/appimage.sh (the bundler's own AppImage step downloads its tools from GitHub).
#
#   bash scripts/package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# The Debian packages and the UI's npm packages (the Tauri CLI among them), as locked.
bash scripts/setup.sh

# The Tauri tools read the configuration from the folder of the app's Cargo.toml
# (src-tauri/tauri.conf.json links to the top-level one).
# A Debian package name is lowercase ASCII: the bundles are named `baohou`, while the menu
# entry reads 保后 Baohou (assets/baohou.desktop).
# The UI is built into a folder of the release build's own (target/release/ui-dist), which the
# app embeds: scripts/test.sh runs this build beside the steps that rebuild ui/dist.
ui_dist=$PWD/target/release/ui-dist
config=$(printf '{"productName": "baohou", "build": {"frontendDist": "%s", "beforeBuildCommand": "npm --prefix ../ui run build -- --outDir %s --emptyOutDir"}}' "$ui_dist" "$ui_dist")
TAURI_APP_PATH="$PWD/src-tauri" TAURI_FRONTEND_PATH="$PWD/ui" \
  ui/node_modules/.bin/tauri build --ci --bundles deb --config "$config"

bash scripts/appimage.sh

echo "==> packages"
find target/release/bundle -maxdepth 2 \( -name '*.deb' -o -name '*.AppImage' \) -printf '%s\t%p\n'
