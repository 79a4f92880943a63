"""Write a full-page PNG of every page of the built site, light and dark, for review.

    python scripts/screenshots.py [_build/html] [_build/screenshots]   # or: make screenshots
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main(site: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for html_file in sorted((site / "book").glob("*.html")):
            for theme in ("light", "dark"):
                page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=theme)
                page.add_init_script(f"localStorage.setItem('theme', '{theme}'); localStorage.setItem('mode', '{theme}')")
                page.goto(f"{base}/book/{html_file.name}", wait_until="load")
                if page.locator(".math").count():
                    page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise")
                    page.evaluate("MathJax.startup.promise")
                target = out / f"{html_file.stem}-{theme}.png"
                page.screenshot(path=str(target), full_page=True)
                print(f"wrote {target}")
                page.close()
        browser.close()
    httpd.shutdown()
    return 0


if __name__ == "__main__":
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html")
    sys.exit(main(site, Path(sys.argv[2] if len(sys.argv) > 2 else "_build/screenshots")))
