"""The scraper's HTTP client: polite, cached, bounded.

`Fetcher.get(url)` returns the bytes of a 2xx response or raises `ScrapeError(url, what went wrong)`.
It

- sends a descriptive User-Agent and respects robots.txt (fetched once per host; a missing one
  allows everything);
- waits at least `min_interval` seconds between two requests to the same host (default 1 s);
- retries 429 and 5xx answers and transport errors with exponential backoff, honouring a
  `Retry-After` header (seconds or an HTTP date), at most `retries` times;
- bounds every request: `timeout` seconds per network operation, `deadline` seconds for the whole
  response (a server that drips bytes slowly fails), `max_bytes` for the body (checked against
  Content-Length first, then while streaming);
- keeps an on-disk cache (`cache_dir`, one body + one JSON metadata file per URL): a response still
  fresh by its Cache-Control max-age is served without a request, a stale one is revalidated with
  If-None-Match / If-Modified-Since (a 304 costs no body), and `offline=True` serves the cache only.

Nothing here knows a site; the source modules parse what it returns.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from tcgc import __version__
from tcgc.errors import ScrapeError

USER_AGENT = f"tcgc-scraper/{__version__} (spec-to-engine compiler for card and battle games; polite, cached)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Response:
    url: str
    body: bytes
    status: int
    content_type: str
    fetched_at: float  # epoch seconds of the network fetch that produced these bytes
    from_cache: bool


@dataclass
class Stats:
    requests: int = 0  # requests sent over the network (robots.txt included)
    cache_hits: int = 0  # answered from the cache without a request
    revalidated: int = 0  # 304 Not Modified answers
    retries: int = 0


@dataclass
class Fetcher:
    cache_dir: Path | None = None
    offline: bool = False
    min_interval: float = 1.0
    timeout: float = 20.0
    deadline: float = 120.0
    retries: int = 4
    backoff: float = 1.0
    max_wait: float = 120.0
    max_bytes: int = 32 * 1024 * 1024
    respect_robots: bool = True
    user_agent: str = USER_AGENT
    sleep: Callable[[float], None] = time.sleep
    stats: Stats = field(default_factory=Stats)
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _client: httpx.Client | None = None

    # ---- public -----------------------------------------------------------------------------

    def get(self, url: str) -> Response:
        """The 2xx response for `url` (from the cache when allowed), or ScrapeError."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise ScrapeError(url, "not an http(s) URL")
        cached = self._cache_read(url)
        if self.offline:
            if cached is None:
                raise ScrapeError(url, "not in the cache, and --offline forbids fetching it")
            self.stats.cache_hits += 1
            return cached[0]
        if cached is not None and _fresh(cached[1]):
            self.stats.cache_hits += 1
            return cached[0]
        if self.respect_robots and not self._allowed(url):
            raise ScrapeError(url, f"robots.txt of {urlsplit(url).netloc} disallows fetching it")
        headers = {}
        if cached is not None:
            if etag := cached[1].get("etag"):
                headers["If-None-Match"] = etag
            if modified := cached[1].get("last_modified"):
                headers["If-Modified-Since"] = modified
        response, meta = self._fetch(url, headers)
        if response.status == 304 and cached is not None:
            self.stats.revalidated += 1
            meta = {
                **cached[1],
                **{k: v for k, v in meta.items() if v},
                "fetched_at": cached[1]["fetched_at"],
            }
            self._cache_write(url, cached[0].body, meta)
            return cached[0]
        if not 200 <= response.status < 300:
            raise ScrapeError(url, f"HTTP {response.status} {_reason(response.status)}")
        self._cache_write(url, response.body, meta)
        return response

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- network ----------------------------------------------------------------------------

    def _http(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                headers={"User-Agent": self.user_agent},
                timeout=httpx.Timeout(self.timeout),
                follow_redirects=True,
            )
        return self._client

    def _fetch(self, url: str, headers: dict[str, str]) -> tuple[Response, dict]:
        """One response after retries; raises ScrapeError on transport failure or an oversize body."""
        attempt = 0
        while True:
            self._wait_turn(url)
            try:
                status, body, meta = self._once(url, headers)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                problem = _transport_problem(exc, self.timeout)
                if attempt >= self.retries:
                    raise ScrapeError(url, f"{problem} (gave up after {attempt + 1} tries)") from None
                self._backoff(attempt, None)
                attempt += 1
                continue
            if status in RETRY_STATUSES and attempt < self.retries:
                self._backoff(attempt, meta.get("retry_after"))
                attempt += 1
                continue
            fetched = time.time()
            meta["fetched_at"] = fetched
            return Response(url, body, status, meta.get("content_type", ""), fetched, False), meta

    def _once(self, url: str, headers: dict[str, str]) -> tuple[int, bytes, dict]:
        self.stats.requests += 1
        started = time.monotonic()
        with self._http().stream("GET", url, headers=headers) as r:
            meta = {
                "url": url,
                "status": r.status_code,
                "etag": r.headers.get("etag"),
                "last_modified": r.headers.get("last-modified"),
                "cache_control": r.headers.get("cache-control"),
                "content_type": r.headers.get("content-type", ""),
                "retry_after": r.headers.get("retry-after"),
            }
            declared = r.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise ScrapeError(
                    url, f"response of {int(declared):,} bytes exceeds the {self.max_bytes:,}-byte limit"
                )
            chunks, size = [], 0
            for chunk in r.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise ScrapeError(url, f"response exceeds the {self.max_bytes:,}-byte limit")
                if time.monotonic() - started > self.deadline:
                    raise ScrapeError(
                        url, f"response too slow: {size:,} bytes in {self.deadline:g} s (the deadline)"
                    )
                chunks.append(chunk)
            return r.status_code, b"".join(chunks), meta

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc
        last = self._last.get(host)
        if last is not None:
            wait = self.min_interval - (time.monotonic() - last)
            if wait > 0:
                self.sleep(wait)
        self._last[host] = time.monotonic()

    def _backoff(self, attempt: int, retry_after: str | None) -> None:
        self.stats.retries += 1
        wait = retry_after_seconds(retry_after)
        if wait is None:
            wait = self.backoff * (2**attempt)
        self.sleep(min(wait, self.max_wait))

    # ---- robots.txt -------------------------------------------------------------------------

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._robots:
            self._robots[key] = self._load_robots(key + "/robots.txt")
        parser = self._robots[key]
        return parser is None or parser.can_fetch(self.user_agent, url)

    def _load_robots(self, robots_url: str) -> urllib.robotparser.RobotFileParser | None:
        """The host's robots.txt rules; None (allow all) when it has none or it cannot be read."""
        try:
            self._wait_turn(robots_url)
            status, body, _ = self._once(robots_url, {})
        except (httpx.HTTPError, ScrapeError):
            return None
        if status >= 400:
            return None
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(body.decode("utf-8", "replace").splitlines())
        return parser

    # ---- cache ------------------------------------------------------------------------------

    def _cache_paths(self, url: str) -> tuple[Path, Path] | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(url.encode()).hexdigest()[:32]
        return self.cache_dir / f"{key}.body", self.cache_dir / f"{key}.json"

    def _cache_read(self, url: str) -> tuple[Response, dict] | None:
        paths = self._cache_paths(url)
        if paths is None or not paths[0].exists() or not paths[1].exists():
            return None
        try:
            meta = json.loads(paths[1].read_text(encoding="utf-8"))
            body = paths[0].read_bytes()
        except (OSError, ValueError):
            return None  # a damaged entry is refetched
        if meta.get("url") != url or meta.get("sha256") != hashlib.sha256(body).hexdigest():
            return None
        return Response(
            url, body, meta["status"], meta.get("content_type", ""), meta["fetched_at"], True
        ), meta

    def _cache_write(self, url: str, body: bytes, meta: dict) -> None:
        paths = self._cache_paths(url)
        if paths is None:
            return
        self.cache_dir.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
        stored = {k: v for k, v in meta.items() if k != "retry_after"}
        stored.update(url=url, sha256=hashlib.sha256(body).hexdigest(), stored_at=time.time())
        for path, data in ((paths[0], body), (paths[1], json.dumps(stored, indent=1).encode())):
            tmp = path.with_suffix(path.suffix + ".tmp")
            tmp.write_bytes(data)
            tmp.replace(path)


def _fresh(meta: dict) -> bool:
    """Whether a cached response is still fresh by its Cache-Control max-age (no-cache: never)."""
    control = (meta.get("cache_control") or "").lower()
    if "no-cache" in control or "no-store" in control:
        return False
    for part in control.split(","):
        name, _, value = part.strip().partition("=")
        if name == "max-age" and value.strip().isdigit():
            return time.time() - meta.get("stored_at", 0) < int(value)
    return False


def retry_after_seconds(value: str | None) -> float | None:
    """The wait a `Retry-After` value asks for (seconds or an HTTP date), None when absent or unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _transport_problem(exc: Exception, timeout: float) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out (no answer within {timeout:g} s)"
    return f"could not connect or read: {type(exc).__name__}: {exc}"


def _reason(status: int) -> str:
    return httpx.codes.get_reason_phrase(status)
