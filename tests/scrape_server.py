"""A local HTTP server on 127.0.0.1 for the scraper's tests.

It serves the saved pages and API responses of `shared/fixtures/web/` at the path and query of their
original URLs (from MANIFEST.tsv), with an ETag so that conditional requests get 304, and scripted
routes for the failure modes (status codes, Retry-After, slow drips, huge bodies, stalls).
Every request is logged (`server.log`) so tests can assert what was and was not sent.
"""

from __future__ import annotations

import csv
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "web"  # conftest.SHARED


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    drip: float = 0.0  # seconds between 1-byte chunks (a slow drip)
    stall: float = 0.0  # seconds to wait before answering (a timeout)


Route = Reply | Callable[[dict[str, str]], Reply] | list[Reply]


def _key(path_and_query: str) -> str:
    parts = urlsplit(path_and_query)
    return unquote(parts.path) + ("?" + unquote(parts.query) if parts.query else "")


def manifest_routes() -> dict[str, Route]:
    """Every fixture at the path?query of its original URL."""
    routes: dict[str, Route] = {}
    with (FIXTURES / "MANIFEST.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            url = urlsplit(row["original_url"])
            body = (FIXTURES / row["file"]).read_bytes()
            ctype = "application/json" if row["file"].endswith(".json") else "text/html; charset=utf-8"
            status = 404 if "HTTP 404" in row["contents"] else 200
            routes[_key(url.path + ("?" + url.query if url.query else ""))] = Reply(
                status, body, {"Content-Type": ctype}
            )
    return routes


class Server:
    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = {_key(k): v for k, v in routes.items()}
        self.log: list[tuple[str, dict[str, str]]] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def requests_to(self, path: str) -> int:
        return sum(1 for p, _ in self.log if _key(p) == _key(path))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                headers = {k.lower(): v for k, v in self.headers.items()}
                server.log.append((self.path, headers))
                route = server.routes.get(_key(self.path))
                if route is None:
                    reply = Reply(404, b"<html><body>Not Found</body></html>", {"Content-Type": "text/html"})
                elif isinstance(route, list):
                    reply = route.pop(0) if len(route) > 1 else route[0]
                elif callable(route):
                    reply = route(headers)
                else:
                    reply = route
                self._send(reply, headers)

            def _send(self, reply: Reply, headers: dict[str, str]) -> None:
                if reply.stall:
                    time.sleep(reply.stall)
                etag = '"' + hashlib.sha256(reply.body).hexdigest()[:20] + '"'
                if reply.status == 200 and headers.get("if-none-match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(reply.status)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                if reply.status == 200:
                    self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                try:
                    if reply.drip:
                        for i in range(len(reply.body)):
                            self.wfile.write(reply.body[i : i + 1])
                            self.wfile.flush()
                            time.sleep(reply.drip)
                    else:
                        self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Server]:
    server = Server(routes)
    thread = threading.Thread(target=server._httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server._httpd.shutdown()
        server._httpd.server_close()
