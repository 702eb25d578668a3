"""A fake OpenAI-compatible chat-completions server on 127.0.0.1 for the repair providers' tests.

`serve_fake(script)` answers POST /v1/chat/completions with the script's replies in order, then
repeats the last one. A reply is a `Reply`, or a tuple (status, body, headers, delay) where body is
JSON-able (sent as JSON) or bytes (sent as is) and delay is seconds to wait before answering. The
helpers build the usual ones: `completion(text)`, `error(status, message)`, `garbage(bytes)`,
`stall(seconds)`. Every request is recorded (`server.requests`: path, headers, parsed JSON body).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PATH = "/v1/chat/completions"


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: Any = b""  # JSON-able (sent as application/json) or bytes (sent as is)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering


@dataclass(frozen=True)
class Recorded:
    path: str
    headers: dict[str, str]  # names lower-cased
    body: Any  # the parsed JSON body, or the raw bytes when it is not JSON


ScriptItem = Reply | tuple


def completion(
    text: str, prompt_tokens: int | None = 10, completion_tokens: int | None = 5, model: str = "fake-model"
) -> Reply:
    """A 200 chat completion answering `text`; no `usage` when both counts are None."""
    body: dict[str, Any] = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
    }
    if prompt_tokens is not None or completion_tokens is not None:
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens}
        body["usage"] = {k: v for k, v in usage.items() if v is not None}
    return Reply(200, body)


def error(status: int, message: str, retry_after: str | float | None = None) -> Reply:
    """An OpenAI-style error answer, with a Retry-After header when given."""
    headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
    return Reply(status, {"error": {"message": message, "type": "fake_error", "code": None}}, headers)


def garbage(body: bytes = b"<html>not json</html>", status: int = 200) -> Reply:
    """An answer whose body is not JSON."""
    return Reply(status, body, {"Content-Type": "text/html"})


def stall(seconds: float, then: Reply | None = None) -> Reply:
    """An answer that waits `seconds` before answering (`then`, else a completion)."""
    reply = then or completion("too late")
    return Reply(reply.status, reply.body, reply.headers, seconds)


def _reply(item: ScriptItem) -> Reply:
    if isinstance(item, Reply):
        return item
    status, body, *rest = item
    headers = rest[0] if rest else {}
    delay = rest[1] if len(rest) > 1 else 0.0
    return Reply(status, body, dict(headers or {}), delay)


class FakeServer:
    def __init__(self, script: Sequence[ScriptItem]) -> None:
        if not script:
            raise ValueError("the script needs at least one reply")
        self.script = [_reply(item) for item in script]
        self.requests: list[Recorded] = []
        self.released = threading.Event()  # set on shutdown: stalled answers stop waiting
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def _next(self) -> Reply:
        with self._lock:
            return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body: Any = json.loads(raw)
                except ValueError:
                    body = raw
                headers = {k.lower(): v for k, v in self.headers.items()}
                with server._lock:
                    server.requests.append(Recorded(self.path, headers, body))
                if self.path != PATH:
                    self._send(Reply(404, {"error": {"message": f"no route {self.path}"}}))
                else:
                    self._send(server._next())

            def _send(self, reply: Reply) -> None:
                if reply.delay and server.released.wait(reply.delay):
                    return  # shutting down
                if isinstance(reply.body, bytes):
                    payload, ctype = reply.body, "application/octet-stream"
                else:
                    payload, ctype = json.dumps(reply.body).encode(), "application/json"
                try:
                    self.send_response(reply.status)
                    headers = {"Content-Type": ctype, **reply.headers}
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout)

        return Handler


@contextmanager
def serve_fake(script: Sequence[ScriptItem]) -> Iterator[FakeServer]:
    """A running fake server answering with `script`; `server.base_url` ends in /v1."""
    server = FakeServer(script)
    thread = threading.Thread(target=server._httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.released.set()
        server._httpd.shutdown()
        server._httpd.server_close()
