#!/usr/bin/env bash
# Starts the built app on the demo database in a real X window (Xvfb), checks that the window
# comes up and stays up, and saves a screenshot to artifacts/app-portfolio.png.
# Prints a closing line "app-smoke: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p artifacts target/demo
DB=target/demo/smoke.sqlite3
rm -f "$DB" "$DB-wal" "$DB-shm"
export BAOHOU_PASSPHRASE=baohou-demo
target/debug/baohou demo --db "$DB" >/dev/null

passed=0; failed=0
export DISPLAY=:97
Xvfb :97 -screen 0 1366x860x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $app $xvfb 2>/dev/null' EXIT
sleep 1
target/debug/baohou-app --db "$DB" >artifacts/app.log 2>&1 &
app=$!

win=""
for _ in $(seq 1 60); do
  win=$(xdotool search --name "Baohou" 2>/dev/null | head -1)
  [ -n "$win" ] && break
  sleep 0.5
done
if [ -n "$win" ]; then
  echo "ok: the app window is up"; passed=$((passed+1))
else
  echo "FAILED: no app window within 30 s"; failed=$((failed+1)); cat artifacts/app.log
fi
sleep 3   # the lock screen: type the passphrase into its focused field
import -window root artifacts/app-lock.png 2>/dev/null && echo "screenshot: artifacts/app-lock.png"
xdotool type --delay 20 "$BAOHOU_PASSPHRASE" && xdotool key Return
sleep 5   # key derivation, then the webview renders the agenda
if kill -0 "$app" 2>/dev/null; then
  echo "ok: the app is still running"; passed=$((passed+1))
else
  echo "FAILED: the app exited"; failed=$((failed+1)); cat artifacts/app.log
fi
import -window root artifacts/app-portfolio.png 2>/dev/null && echo "screenshot: artifacts/app-portfolio.png"
echo "app-smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
