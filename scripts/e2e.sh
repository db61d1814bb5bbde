#!/usr/bin/env bash
# End-to-end tests in the real app window: builds the app (UI embedded), installs tauri-driver
# into target/tools if missing, and runs tests/e2e.rs under a virtual display. Screenshots of
# every screen go to artifacts/e2e-*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p artifacts

bash scripts/tauri-driver.sh
command -v WebKitWebDriver >/dev/null || { echo "WebKitWebDriver is missing (apt-get install webkit2gtk-driver)" >&2; exit 1; }

(cd ui && npm run build --silent)
# The same packages and features as scripts/test.sh, so nothing is compiled twice.
CARGO_ARGS=(--workspace --features baohou-app/custom-protocol --locked)
cargo build "${CARGO_ARGS[@]}" --all-targets

# One display for the whole run; the app window opens at 1366x768, a small laptop's screen.
xvfb-run -a -s "-screen 0 1366x768x24 -nolisten tcp" \
  cargo test "${CARGO_ARGS[@]}" --test e2e -- --ignored --test-threads=1
