"""The scraper's HTTP client against a local server: cache, conditional requests, retries, limits."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tcgc.scraper.http import USER_AGENT, Fetcher

from tcgc.errors import ScrapeError
from tests.scrape_server import Reply, serve

PAGE = b"<html><body>card</body></html>"


def fetcher(tmp_path: Path, **kw: object) -> Fetcher:
    waits: list[float] = []
    settings = {"min_interval": 0.0, "backoff": 0.01, "timeout": 2.0, **kw}
    f = Fetcher(cache_dir=tmp_path / "cache", **settings)  # type: ignore[arg-type]
    f.sleep = waits.append  # record the waits instead of sleeping
    f.waits = waits  # type: ignore[attr-defined]
    return f


def test_user_agent_robots_and_cache(tmp_path: Path) -> None:
    with serve({"/a": Reply(200, PAGE)}) as srv:
        f = fetcher(tmp_path)
        first = f.get(srv.url("/a"))
        assert first.body == PAGE and not first.from_cache
        assert srv.log[0][0] == "/robots.txt"  # asked once per host, first
        assert srv.log[1][1]["user-agent"] == USER_AGENT
        second = fetcher(tmp_path).get(srv.url("/a"))  # a new run: a conditional request, answered 304
        assert second.body == PAGE and second.fetched_at == first.fetched_at
        assert srv.log[-1][1]["if-none-match"].startswith('"')
        assert srv.requests_to("/a") == 2
        offline = Fetcher(cache_dir=tmp_path / "cache", offline=True).get(srv.url("/a"))
        assert offline.body == PAGE and srv.requests_to("/a") == 2  # --offline sends nothing
    with pytest.raises(ScrapeError, match=r"/b: not in the cache, and --offline"):
        Fetcher(cache_dir=tmp_path / "cache", offline=True).get(srv.url("/b"))


def test_fresh_by_max_age_sends_nothing(tmp_path: Path) -> None:
    with serve({"/a": Reply(200, PAGE, {"Cache-Control": "max-age=3600"})}) as srv:
        fetcher(tmp_path).get(srv.url("/a"))
        fetcher(tmp_path).get(srv.url("/a"))
        assert srv.requests_to("/a") == 1


def test_robots_disallow(tmp_path: Path) -> None:
    routes = {
        "/robots.txt": Reply(200, b"User-agent: *\nDisallow: /private\n"),
        "/private/x": Reply(200, PAGE),
    }
    with serve(routes) as srv, pytest.raises(ScrapeError, match="robots.txt of 127.0.0.1:.* disallows"):
        fetcher(tmp_path).get(srv.url("/private/x"))
    assert srv.requests_to("/private/x") == 0


def test_429_then_success_honours_retry_after(tmp_path: Path) -> None:
    routes = {"/a": [Reply(429, b"slow down", {"Retry-After": "7"}), Reply(503, b""), Reply(200, PAGE)]}
    with serve(routes) as srv:
        f = fetcher(tmp_path)
        assert f.get(srv.url("/a")).body == PAGE
    assert f.waits == [7.0, 0.02]  # type: ignore[attr-defined]  # Retry-After, then backoff 0.01 * 2
    assert f.stats.retries == 2


@pytest.mark.parametrize("status,reason", [(404, "Not Found"), (500, "Internal Server Error")])
def test_http_errors_name_the_url(tmp_path: Path, status: int, reason: str) -> None:
    with serve({"/a": Reply(status, b"nope")}) as srv:
        f = fetcher(tmp_path, retries=1)
        with pytest.raises(ScrapeError, match=rf"127\.0\.0\.1:\d+/a: HTTP {status} {reason}"):
            f.get(srv.url("/a"))
    assert not (tmp_path / "cache").exists()  # an error response is never cached


def test_timeout(tmp_path: Path) -> None:
    with serve({"/a": Reply(200, PAGE, stall=1.5)}) as srv:
        f = fetcher(tmp_path, retries=0, timeout=0.3)
        with pytest.raises(ScrapeError, match=r"/a: timed out \(no answer within 0.3 s\)"):
            f.get(srv.url("/a"))


def test_slow_drip_hits_the_deadline(tmp_path: Path) -> None:
    with serve({"/a": Reply(200, b"x" * 200, drip=0.02)}) as srv:
        f = fetcher(tmp_path, retries=0, deadline=0.5)
        started = time.monotonic()
        with pytest.raises(ScrapeError, match=r"/a: response too slow"):
            f.get(srv.url("/a"))
        assert time.monotonic() - started < 3


def test_oversize_response(tmp_path: Path) -> None:
    big = b"x" * (50 * 1024 * 1024)  # a 50 MB response
    with (
        serve({"/big": Reply(200, big)}) as srv,
        pytest.raises(
            ScrapeError, match=r"/big: response of 52,428,800 bytes exceeds the 33,554,432-byte limit"
        ),
    ):
        fetcher(tmp_path).get(srv.url("/big"))


def test_rate_limit_per_host(tmp_path: Path) -> None:
    with serve({"/a": Reply(200, PAGE), "/b": Reply(200, PAGE)}) as srv:
        f = fetcher(tmp_path, min_interval=5.0)
        f.get(srv.url("/a"))
        f.get(srv.url("/b"))
    waits = f.waits  # type: ignore[attr-defined]
    assert len(waits) == 2 and all(4.0 < w <= 5.0 for w in waits)  # robots -> /a -> /b, 5 s apart


def test_not_a_url(tmp_path: Path) -> None:
    with pytest.raises(ScrapeError, match="ftp://x/y: not an http"):
        fetcher(tmp_path).get("ftp://x/y")
