"""Serves the chat page and the rasa-webchat bundle from this project (no CDN).

Only the page's own files are served, for every method; anything else is a
404 (or a 405 for methods other than GET and HEAD). Every response carries a
strict Content-Security-Policy that lets the page contact nothing but this
server and the Rasa server. The widget's stylesheet imports a font from
Google's servers: that import is removed from the bundle before it is served,
so the browser never even tries, and the page uses system fonts.
"""
import argparse
import json
import re
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, Tuple
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
WIDGET = HERE / "node_modules" / "rasa-webchat" / "lib" / "index.js"
JS, CSS, HTML = "text/javascript; charset=utf-8", "text/css; charset=utf-8", "text/html; charset=utf-8"
REQUEST_TIMEOUT_S = 10
# css-loader output in the bundle: "@import url(https://fonts.googleapis.com/...);"
_REMOTE_IMPORT = re.compile(r"@import url\(https?://[^)]*\);")


class WidgetError(RuntimeError):
    """The installed widget is missing or not the version this page was built for."""


def widget_without_remote_fonts(bundle: bytes) -> bytes:
    text = bundle.decode("utf-8")
    cleaned, removed = _REMOTE_IMPORT.subn("", text)
    if not removed or "fonts.googleapis" in cleaned:
        raise WidgetError("the rasa-webchat bundle does not look like version 1.0.1: "
                          "its font import could not be removed (see webchat/package.json)")
    return cleaned.encode("utf-8")


def content_security_policy(rasa_url: str) -> str:
    rasa = urlparse(rasa_url)
    websocket = f"{'wss' if rasa.scheme == 'https' else 'ws'}://{rasa.netloc}"
    return (
        "default-src 'self'; "
        f"connect-src 'self' {rasa.scheme}://{rasa.netloc} {websocket}; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


def page_files(rasa_url: str) -> Dict[str, Tuple[bytes, str]]:
    """Every path the server answers, read once at start-up."""
    if not WIDGET.is_file():
        raise WidgetError("the web widget is not installed: run `make run` (or `cd webchat && npm ci`)")
    page = (HERE / "index.html").read_bytes()
    return {
        "/": (page, HTML),
        "/index.html": (page, HTML),
        "/page.css": ((HERE / "page.css").read_bytes(), CSS),
        "/page.js": ((HERE / "page.js").read_bytes(), JS),
        "/config.js": (f"window.CHAT_CONFIG = {json.dumps({'socketUrl': rasa_url})};\n".encode(), JS),
        "/webchat.js": (widget_without_remote_fonts(WIDGET.read_bytes()), JS),
    }


def make_handler(rasa_url: str):
    files = page_files(rasa_url)
    headers = {
        "Content-Security-Policy": content_security_policy(rasa_url),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cache-Control": "no-cache",
    }

    class Handler(BaseHTTPRequestHandler):
        timeout = REQUEST_TIMEOUT_S  # a client that stops sending is dropped
        server_version = "webchat"
        sys_version = ""

        def answer(self, status: HTTPStatus, body: bytes, kind: str, with_body: bool) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            if status == HTTPStatus.METHOD_NOT_ALLOWED:
                self.send_header("Allow", "GET, HEAD")
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def serve(self, with_body: bool) -> None:
            found = files.get(urlparse(self.path).path)
            if found is None:
                self.answer(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8", with_body)
            else:
                self.answer(HTTPStatus.OK, found[0], found[1], with_body)

        def do_GET(self) -> None:
            self.serve(with_body=True)

        def do_HEAD(self) -> None:
            self.serve(with_body=False)

        def refuse(self) -> None:
            self.answer(HTTPStatus.METHOD_NOT_ALLOWED, b"Method not allowed\n", "text/plain; charset=utf-8", True)

        do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = refuse

        def send_error(self, code, message=None, explain=None) -> None:
            # Malformed requests and unknown methods get the same headers as the rest.
            self.close_connection = True
            self.answer(HTTPStatus(code), f"{HTTPStatus(code).phrase}\n".encode(), "text/plain; charset=utf-8",
                        self.command != "HEAD")

        def log_message(self, format, *args):  # no request lines: paths are not worth a log line each
            pass

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--rasa-url", default="http://localhost:5005")
    args = parser.parse_args()
    try:
        handler = make_handler(args.rasa_url)
    except WidgetError as error:
        raise SystemExit(f"Cannot serve the chat page: {error}.")
    ThreadingHTTPServer((args.host, args.port), handler).serve_forever()


if __name__ == "__main__":
    main()
