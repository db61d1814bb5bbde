#!/usr/bin/env bash
# Installs tauri-driver (the WebDriver server in front of WebKitWebDriver that the end-to-end,
# clean-system and benchmark runs drive the app through) into target/tools/bin, once.
#   bash scripts/tauri-driver.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x target/tools/bin/tauri-driver ]; then
  echo "==> cargo install tauri-driver"
  # Not linted as ours: scripts/test.sh makes clippy-driver the wrapper of our crates' builds.
  env -u RUSTC_WORKSPACE_WRAPPER -u CLIPPY_ARGS \
    cargo install tauri-driver --version 2.1.0 --locked --root target/tools --quiet
fi
