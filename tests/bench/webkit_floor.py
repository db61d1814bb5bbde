#!/usr/bin/python3
"""WebKitGTK's floor for the app benchmark (tests/examples/bench_app.rs): a hello-world window of
the same engine the app runs on (GTK 3, WebKit2 4.1, WebKit's default settings), one heading and
one input, nothing else. Prints "ready" once the page has loaded and drawn, then waits to be
killed. Its processes' memory and its time to the page are what any WebKitGTK app pays.

`webkit_floor.py ROWS` adds a list of ROWS rows below the input, as the agenda lists its tasks
(a scrolling list; each row a state, a date, a kind, a borrower's name as a button, a reason of
30 characters and a button), in Chinese text drawn from 300 characters, without any script:
what showing such a list costs WebKit itself, before any application code."""
import random
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402


def page(rows):
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 300)]
    pick = random.Random(1)

    def text(n):
        return "".join(pick.choice(chars) for _ in range(n))

    items = "".join(
        f"<li><span>逾期 {i % 40}天</span> <span>2026-11-{i % 28 + 1:02d}</span> <span>定期检查</span> "
        f"<button>{text(6)}有限公司</button> <span>{text(30)}</span> <button>开始检查</button></li>"
        for i in range(rows)
    )
    listed = f'<ul style="height:600px;overflow:auto">{items}</ul>' if rows else ""
    return f"""<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>保后</title>
<body><h1>保后</h1><input name="passphrase" type="password" autofocus>{listed}</body></html>"""


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    window = Gtk.Window(title="保后 floor")
    window.set_default_size(1280, 720)
    view = WebKit2.WebView()
    window.add(view)
    window.connect("destroy", Gtk.main_quit)

    def loaded(_view, event):
        if event == WebKit2.LoadEvent.FINISHED:
            # Once the next frame is drawn, as the app's lock screen is when WebDriver finds it.
            def drawn():
                print("ready", flush=True)
                return GLib.SOURCE_REMOVE

            GLib.idle_add(drawn)

    view.connect("load-changed", loaded)
    view.load_html(page(rows), "about:blank")
    window.show_all()
    Gtk.main()


if __name__ == "__main__":
    sys.exit(main())
