"""Serves the chat page and the rasa-webchat bundle from this project (no CDN).

A strict Content-Security-Policy keeps the page from contacting anything but
this server and the Rasa server: the widget's built-in Google Fonts import is
blocked and the page uses system fonts instead.
"""
import argparse
import json
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
FILES = {
    "/": (HERE / "index.html", "text/html; charset=utf-8"),
    "/index.html": (HERE / "index.html", "text/html; charset=utf-8"),
    "/page.css": (HERE / "page.css", "text/css; charset=utf-8"),
    "/page.js": (HERE / "page.js", "text/javascript; charset=utf-8"),
    "/webchat.js": (HERE / "node_modules" / "rasa-webchat" / "lib" / "index.js", "text/javascript; charset=utf-8"),
}


def content_security_policy(rasa_url: str) -> str:
    rasa = urlparse(rasa_url)
    websocket = f"{'wss' if rasa.scheme == 'https' else 'ws'}://{rasa.netloc}"
    return (
        "default-src 'self'; "
        f"connect-src 'self' {rasa.scheme}://{rasa.netloc} {websocket}; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )


def make_handler(rasa_url: str):
    config = f"window.CHAT_CONFIG = {json.dumps({'socketUrl': rasa_url})};\n".encode()
    policy = content_security_policy(rasa_url)

    class Handler(SimpleHTTPRequestHandler):
        def do_GET(self):
            path = urlparse(self.path).path
            if path == "/config.js":
                body, kind = config, "text/javascript; charset=utf-8"
            elif path in FILES and FILES[path][0].is_file():
                file, kind = FILES[path]
                body = file.read_bytes()
            else:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", policy)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # requests are not worth a log line each
            pass

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--rasa-url", default="http://localhost:5005")
    args = parser.parse_args()
    if not FILES["/webchat.js"][0].is_file():
        raise SystemExit("The web widget is not installed: run `make run` (or `cd webchat && npm ci`).")
    ThreadingHTTPServer((args.host, args.port), make_handler(args.rasa_url)).serve_forever()


if __name__ == "__main__":
    main()
