"""The repair providers: an OpenAI-compatible endpoint (against a local fake server) and a local command."""

from __future__ import annotations

import email.utils
import logging
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tcgc.repair.providers import (
    DEFAULT_BASE_URL,
    Answer,
    CommandProvider,
    OpenAIProvider,
    ProviderError,
    Usage,
)
from tests.fake_openai import completion, error, garbage, serve_fake, stall

KEY = "sk-test-SECRET-123"


@pytest.fixture
def provider() -> Iterator[Callable[..., OpenAIProvider]]:
    """Makes providers that record their waits instead of sleeping; closes them after the test."""
    made: list[OpenAIProvider] = []

    def make(base_url: str, **kw: object) -> OpenAIProvider:
        waits: list[float] = []
        settings = {"timeout": 2.0, "backoff": 0.01, "sleep": waits.append, **kw}
        p = OpenAIProvider("fake-model", KEY, base_url, **settings)  # type: ignore[arg-type]
        p.waits = waits  # type: ignore[attr-defined]
        made.append(p)
        return p

    yield make
    for p in made:
        p.close()


def ask_error(p: OpenAIProvider, prompt: str = "fill the hole") -> str:
    with pytest.raises(ProviderError) as info:
        p.ask(prompt, None)
    text = str(info.value)
    assert KEY not in text and KEY not in repr(info.value)
    return text


# ---- OpenAIProvider against the fake server -----------------------------------------------------


def test_completion_usage_cost_and_request(provider: Callable[..., OpenAIProvider]) -> None:
    reply = completion("```tcgc\ndraw 1\n```", prompt_tokens=1000, completion_tokens=200)
    with serve_fake([reply]) as srv, provider(srv.base_url, price_in=2.5, price_out=10.0) as p:
        answer = p.ask("fill the hole", object())
    assert answer == Answer("```tcgc\ndraw 1\n```", Usage(1000, 200, 0.0045, False), "fake-model")
    assert answer.usage.cost_usd == pytest.approx(1000 * 2.5e-6 + 200 * 10e-6)
    [req] = srv.requests
    assert req.path == "/v1/chat/completions"
    assert req.headers["authorization"] == f"Bearer {KEY}"
    assert req.body["model"] == "fake-model" and req.body["temperature"] == 0
    assert [m["role"] for m in req.body["messages"]] == ["system", "user"]
    assert req.body["messages"][1]["content"] == "fill the hole"
    assert p.waits == []  # type: ignore[attr-defined]


def test_usage_estimated_when_not_reported(provider: Callable[..., OpenAIProvider]) -> None:
    with serve_fake([completion("x" * 40, prompt_tokens=None, completion_tokens=None)]) as srv:
        p = provider(srv.base_url, price_in=1.0, price_out=1.0, system="s" * 8)
        answer = p.ask("p" * 12, None)
    assert answer.usage.estimated
    assert (answer.usage.prompt_tokens, answer.usage.completion_tokens) == (5, 10)
    assert answer.usage.cost_usd == pytest.approx(15e-6)


def test_429_retry_after_seconds_then_success(provider: Callable[..., OpenAIProvider]) -> None:
    with serve_fake([error(429, "slow down", retry_after=7), completion("ok")]) as srv:
        p = provider(srv.base_url)
        assert p.ask("q", None).text == "ok"
    assert p.waits == [7.0]  # type: ignore[attr-defined]
    assert len(srv.requests) == 2 and p.tries == 2


def test_429_retry_after_http_date(provider: Callable[..., OpenAIProvider]) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    with serve_fake([error(429, "slow down", retry_after=when), completion("ok")]) as srv:
        p = provider(srv.base_url)
        assert p.ask("q", None).text == "ok"
    [wait] = p.waits  # type: ignore[attr-defined]
    assert 25 <= wait <= 30


def test_500_twice_then_success_with_backoff(provider: Callable[..., OpenAIProvider]) -> None:
    with serve_fake([error(500, "oops"), error(502, "oops"), completion("ok")]) as srv:
        p = provider(srv.base_url, backoff=0.5)
        assert p.ask("q", None).text == "ok"
    assert p.waits == [0.5, 1.0]  # type: ignore[attr-defined]
    assert len(srv.requests) == 3


def test_5xx_gives_up_after_retries(provider: Callable[..., OpenAIProvider]) -> None:
    with serve_fake([error(503, "overloaded")]) as srv:
        text = ask_error(provider(srv.base_url, retries=2))
    assert "HTTP 503 Service Unavailable: overloaded (gave up after 3 tries)" in text
    assert len(srv.requests) == 3


def test_timeout(provider: Callable[..., OpenAIProvider]) -> None:
    with serve_fake([stall(5.0)]) as srv:
        p = provider(srv.base_url, timeout=0.3, retries=1)
        started = time.monotonic()
        text = ask_error(p)
    assert time.monotonic() - started < 3
    assert (
        text == f"openai (model fake-model at {srv.base_url}): timed out after 0.3 s (gave up after 2 tries)"
    )
    assert len(p.waits) == 1  # type: ignore[attr-defined]


def test_invalid_json_is_not_retried(provider: Callable[..., OpenAIProvider]) -> None:
    with serve_fake([garbage(b"<html>gateway</html>")]) as srv:
        text = ask_error(provider(srv.base_url))
    assert text.startswith(f"openai (model fake-model at {srv.base_url}): answer is not JSON")
    assert len(srv.requests) == 1


def test_no_content(provider: Callable[..., OpenAIProvider]) -> None:
    with serve_fake([(200, {"choices": []}), (200, {"choices": [{"message": {"content": None}}]})]) as srv:
        p = provider(srv.base_url)
        assert ask_error(p).endswith(": no choices[0].message.content in the answer")
        assert ask_error(p).endswith(": no choices[0].message.content in the answer")


def test_401_quotes_the_server_but_never_the_key(
    provider: Callable[..., OpenAIProvider],
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, httpx and httpcore included
    message = f"Incorrect API key provided: {KEY}. You can find your API key at https://example.invalid."
    with serve_fake([error(429, f"quota for {KEY}", retry_after=0), error(401, message)]) as srv:
        p = provider(srv.base_url)
        text = ask_error(p)
        print(repr(p), str(p), vars(p))
        sys.stderr.write(text)
    assert text.startswith(
        f"openai (model fake-model at {srv.base_url}): HTTP 401 Unauthorized: Incorrect API"
    )
    assert "<redacted>" in text
    assert len(srv.requests) == 2  # 401 is not retried
    out, err = capfd.readouterr()
    assert "api_key=<hidden>" in out and "Unauthorized" in err
    for where in (repr(p), str(p), str(vars(p)), out, err, caplog.text):
        assert KEY not in where
    assert any("retrying" in r.getMessage() for r in caplog.records)
    assert all(KEY not in r.getMessage() for r in caplog.records)


def test_key_never_in_transport_errors(provider: Callable[..., OpenAIProvider]) -> None:
    p = provider("http://127.0.0.1:9/v1", retries=1, timeout=1.0)  # nothing listens on port 9
    text = ask_error(p)
    assert "could not connect or read" in text and "gave up after 2 tries" in text


def test_bad_key_refused_without_echo() -> None:
    with pytest.raises(ProviderError, match="characters an HTTP header cannot carry") as info:
        OpenAIProvider("m", "sk-bad\nkey-XYZ")
    assert "XYZ" not in str(info.value)


# ---- configuration ----------------------------------------------------------------------------


def write_config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "tcgc-repair.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_config_env_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no tcgc-repair.toml here
    env = {"TCGC_REPAIR_MODEL": "m-env", "OPENAI_API_KEY": KEY, "TCGC_REPAIR_PRICE_IN": "0.15"}
    p = OpenAIProvider.from_config(env=env)
    assert (p.model, p.base_url, p.price_in, p.price_out, p.timeout) == (
        "m-env",
        DEFAULT_BASE_URL,
        0.15,
        0,
        60,
    )
    assert p._key.reveal() == KEY
    env["OPENAI_BASE_URL"] = "http://openai-proxy.invalid/v1/"
    assert OpenAIProvider.from_config(env=env).base_url == "http://openai-proxy.invalid/v1"
    env["TCGC_REPAIR_BASE_URL"] = "http://tcgc.invalid/v1"
    assert OpenAIProvider.from_config(env=env).base_url == "http://tcgc.invalid/v1"


def test_config_precedence_args_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(
        tmp_path,
        '[openai]\nbase_url = "http://file.invalid/v1"\nmodel = "m-file"\napi_key_env = "MY_KEY"\n'
        "price_in = 1.0\nprice_out = 4.0\ntimeout = 30\n",
    )
    monkeypatch.chdir(tmp_path)  # the default config file is found in the current folder
    env = {"MY_KEY": KEY, "OPENAI_API_KEY": "sk-openai-other", "OPENAI_BASE_URL": "http://openai.invalid/v1"}
    p = OpenAIProvider.from_config(env=env)
    # the file beats the generic OPENAI_* variables (its key variable too)
    assert (p.model, p.base_url, p.price_in, p.price_out, p.timeout) == (
        "m-file",
        "http://file.invalid/v1",
        1.0,
        4.0,
        30.0,
    )
    assert p._key.reveal() == KEY
    # the TCGC_REPAIR_* variables beat the file
    env |= {
        "TCGC_REPAIR_MODEL": "m-env",
        "TCGC_REPAIR_BASE_URL": "http://env.invalid/v1",
        "TCGC_REPAIR_API_KEY": "sk-env",
        "TCGC_REPAIR_PRICE_OUT": "8",
    }
    p = OpenAIProvider.from_config(env=env)
    assert (p.model, p.base_url, p.price_in, p.price_out) == ("m-env", "http://env.invalid/v1", 1.0, 8.0)
    assert p._key.reveal() == "sk-env"
    # the arguments beat everything
    p = OpenAIProvider.from_config(model="m-arg", base_url="http://arg.invalid/v1", env=env, retries=0)
    assert (p.model, p.base_url, p.retries) == ("m-arg", "http://arg.invalid/v1", 0)


def test_config_explicit_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "elsewhere.toml"
    path.write_text('[openai]\nmodel = "m-path"\n', encoding="utf-8")
    p = OpenAIProvider.from_config(config_path=path, env={"OPENAI_API_KEY": KEY})
    assert p.model == "m-path"
    with pytest.raises(ProviderError, match="does not exist"):
        OpenAIProvider.from_config(config_path=tmp_path / "missing.toml", env={})


def test_config_literal_key_refused(tmp_path: Path) -> None:
    path = write_config(tmp_path, f'[openai]\nmodel = "m"\napi_key = "{KEY}"\n')
    with pytest.raises(ProviderError, match="literal api_key") as info:
        OpenAIProvider.from_config(config_path=path, env={"OPENAI_API_KEY": "x"})
    assert KEY not in str(info.value)
    path = write_config(tmp_path, f'[openai]\nmodel = "m"\napi_key_env = "{KEY}"\n')
    with pytest.raises(ProviderError, match="NAME of an environment variable") as info:
        OpenAIProvider.from_config(config_path=path, env={"OPENAI_API_KEY": "x"})
    assert KEY not in str(info.value)


def test_config_missing_model_and_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ProviderError, match="no model: set TCGC_REPAIR_MODEL"):
        OpenAIProvider.from_config(env={"OPENAI_API_KEY": KEY})
    with pytest.raises(ProviderError, match="no API key: set TCGC_REPAIR_API_KEY \\(or OPENAI_API_KEY\\)"):
        OpenAIProvider.from_config(env={"TCGC_REPAIR_MODEL": "m"})
    path = write_config(tmp_path, '[openai]\nmodel = "m"\napi_key_env = "GROQ_KEY"\n')
    with pytest.raises(ProviderError, match="names GROQ_KEY \\(api_key_env\\), but it is not set") as info:
        OpenAIProvider.from_config(config_path=path, env={"OPENAI_API_KEY": KEY})
    assert KEY not in str(info.value)


def test_config_bad_values(tmp_path: Path) -> None:
    path = write_config(tmp_path, '[openai]\nmodel = "m"\nmodle = "typo"\n')
    with pytest.raises(ProviderError, match="unknown key\\(s\\) in \\[openai\\]: modle"):
        OpenAIProvider.from_config(config_path=path, env={"OPENAI_API_KEY": KEY})
    path = write_config(tmp_path, "[openai\n")
    with pytest.raises(ProviderError, match="not valid TOML"):
        OpenAIProvider.from_config(config_path=path, env={})
    env = {"TCGC_REPAIR_MODEL": "m", "OPENAI_API_KEY": KEY, "TCGC_REPAIR_PRICE_IN": "cheap"}
    with pytest.raises(ProviderError, match="TCGC_REPAIR_PRICE_IN must be a number"):
        OpenAIProvider.from_config(config_path=write_config(tmp_path, ""), env=env)


# ---- CommandProvider --------------------------------------------------------------------------


def command(script: str, timeout: float = 30) -> CommandProvider:
    return CommandProvider(f"{sys.executable} -c {script!r}", timeout=timeout)


def test_command_answers_from_stdout() -> None:
    p = command("import sys; data = sys.stdin.read(); print(f'length {len(data)}', end='')")
    answer = p.ask("é" * 10 + "abcd", None)
    assert answer.text == "length 14"
    assert answer.model == sys.executable and p.name == "command"
    assert answer.usage == Usage(4, 3, 0.0, True)


def test_command_nonzero_exit() -> None:
    p = command("import sys; sys.stderr.write('x' * 600 + 'the end'); sys.exit(3)")
    with pytest.raises(ProviderError) as info:
        p.ask("q", None)
    text = str(info.value)
    assert "exited with code 3" in text and text.endswith("the end")
    assert "x" * 493 + "the end" in text and "x" * 494 not in text  # the last 500 characters


def test_command_timeout() -> None:
    p = command("import time; time.sleep(30)", timeout=0.5)
    started = time.monotonic()
    with pytest.raises(ProviderError, match="timed out after 0.5 s"):
        p.ask("q", None)
    assert time.monotonic() - started < 10


def test_command_not_found_and_empty() -> None:
    with pytest.raises(ProviderError, match="cannot run it"):
        CommandProvider("/nonexistent/tcgc-model --flag").ask("q", None)
    with pytest.raises(ProviderError, match="empty"):
        CommandProvider("  ")
