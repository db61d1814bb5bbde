#!/usr/bin/env bash
# Installs everything, writes the demo database (first run only) and starts the Baohou app on it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "==> building the UI and the app"
(cd ui && npm run build --silent)
cargo build -p baohou-cli -p baohou-app --features baohou-app/custom-protocol

DB="${BAOHOU_DEMO_DB:-target/demo/baohou-demo.sqlite3}"
# The demo database is encrypted like any other; its passphrase is the README's.
PASSPHRASE="${BAOHOU_DEMO_PASSPHRASE:-baohou-demo}"
if [ ! -f "$DB" ]; then
  mkdir -p "$(dirname "$DB")"
  BAOHOU_PASSPHRASE="$PASSPHRASE" target/debug/baohou demo --db "$DB"
fi

echo "==> starting 保后 Baohou on $DB (口令 / passphrase: $PASSPHRASE)"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "    (no screen found: running in a virtual X display; use a desktop session to see the window)"
  exec xvfb-run -a -s "-screen 0 1366x860x24" target/debug/baohou-app --db "$DB"
fi
exec target/debug/baohou-app --db "$DB"
