#!/usr/bin/python3
"""WebKitGTK's floor for the app benchmark (tests/examples/bench_app.rs): a hello-world window of
the same engine the app runs on (GTK 3, WebKit2 4.1, WebKit's default settings), one heading and
one input, nothing else. Prints "ready" once the page has loaded and drawn, then waits to be
killed. Its processes' memory and its time to the page are what any WebKitGTK app pays."""
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402

PAGE = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>保后</title>
<body><h1>保后</h1><input name="passphrase" type="password" autofocus></body></html>"""


def main():
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
    view.load_html(PAGE, "about:blank")
    window.show_all()
    Gtk.main()


if __name__ == "__main__":
    sys.exit(main())
