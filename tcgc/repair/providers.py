"""Providers for `tcgc repair`: where the answer for one hole comes from.

A provider turns a rendered prompt into an `Answer` (raw text, token usage, model name) or raises
`ProviderError` after its own retries. The loop parses the text as DSL; providers never interpret it.

- `OpenAIProvider` talks to any OpenAI-compatible chat-completions endpoint over httpx: one POST per
  prompt at temperature 0, a per-request timeout, retries with exponential backoff on 429, 5xx and
  transport errors (honouring `Retry-After`, in seconds or as an HTTP date), usage and cost from the
  answer's `usage` (estimated from lengths when the server reports none). The API key never appears
  in a message, a repr or a log line: it is redacted from any server text quoted in an error.
  `OpenAIProvider.from_config()` reads its settings from arguments, `TCGC_REPAIR_*` / `OPENAI_*`
  environment variables and an optional `tcgc-repair.toml` (see its docstring for the precedence).
- `CommandProvider` runs a local command (no shell) with the prompt on stdin and reads the answer
  from stdout.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import shlex
import signal
import subprocess
import time
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import httpx

from tcgc import __version__
from tcgc.errors import TcgcError
from tcgc.scraper.http import retry_after_seconds

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_CONFIG = "tcgc-repair.toml"
DEFAULT_SYSTEM = (
    "You fill holes in tcgc spec files. Answer only in the format the user's message asks for: "
    "fenced ```tcgc and ```toml blocks, or one ```missing block. No other prose."
)
USER_AGENT = f"tcgc-repair/{__version__}"
QUOTE_LIMIT = 500  # characters of server or command text quoted in an error

# Environment variables read by OpenAIProvider.from_config().
ENV_BASE_URL = "TCGC_REPAIR_BASE_URL"
ENV_MODEL = "TCGC_REPAIR_MODEL"
ENV_API_KEY = "TCGC_REPAIR_API_KEY"
ENV_PRICE_IN = "TCGC_REPAIR_PRICE_IN"
ENV_PRICE_OUT = "TCGC_REPAIR_PRICE_OUT"
ENV_OPENAI_BASE_URL = "OPENAI_BASE_URL"
ENV_OPENAI_API_KEY = "OPENAI_API_KEY"
CONFIG_KEYS = frozenset({"base_url", "model", "api_key_env", "price_in", "price_out", "timeout"})
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class ProviderError(TcgcError):
    """A provider failed after its own retries; str() names the provider and what went wrong
    (HTTP status, timeout, invalid JSON, non-zero exit...). Never contains an API key."""


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    estimated: bool = False  # True when tokens were estimated (no usage reported)


@dataclass(frozen=True)
class Answer:
    text: str  # the provider's raw answer text (the loop parses it as DSL, never executes it)
    usage: Usage
    model: str


class Provider(Protocol):
    name: str  # "rules" | "openai" | "command"
    model: str

    def ask(self, prompt: str, hole: object) -> Answer: ...  # `hole` is the loop's Hole


def estimate_tokens(text: str) -> int:
    """A rough token count for `text` (about four characters a token)."""
    return math.ceil(len(text) / 4)


# ---- OpenAI-compatible chat completions -----------------------------------------------------------


class OpenAIProvider:
    """An OpenAI-compatible chat-completions endpoint. Prices are USD per million tokens."""

    name = "openai"

    def __init__(
        self,
        model: str,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        price_in: float = 0.0,
        price_out: float = 0.0,
        timeout: float = 60.0,
        retries: int = 4,
        backoff: float = 1.0,
        max_wait: float = 120.0,
        system: str = DEFAULT_SYSTEM,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.model = model
        self.base_url = base_url.rstrip("/")
        self.price_in = price_in
        self.price_out = price_out
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.system = system
        self.sleep = sleep
        self.tries = 0  # requests sent, retries included
        self._key = _Secret(_checked_key(api_key, self._where()))
        self._client: httpx.Client | None = None

    def __repr__(self) -> str:
        return f"OpenAIProvider(model={self.model!r}, base_url={self.base_url!r}, api_key=<hidden>)"

    # ---- configuration -------------------------------------------------------------------------

    @classmethod
    def from_config(
        cls,
        model: str | None = None,
        base_url: str | None = None,
        config_path: str | Path | None = None,
        env: Mapping[str, str] = os.environ,
        **kwargs: Any,
    ) -> OpenAIProvider:
        """A provider configured from, most binding first:

        1. the explicit arguments (`model`, `base_url`);
        2. the tcgc environment variables: TCGC_REPAIR_MODEL, TCGC_REPAIR_BASE_URL,
           TCGC_REPAIR_API_KEY, TCGC_REPAIR_PRICE_IN, TCGC_REPAIR_PRICE_OUT;
        3. the `[openai]` table of the config file (`config_path`, else `tcgc-repair.toml` in the
           current folder when present): base_url, model, api_key_env (the NAME of the variable
           holding the key; a literal key is refused), price_in, price_out, timeout;
        4. the generic OpenAI variables OPENAI_BASE_URL and OPENAI_API_KEY;
        5. the defaults: base URL https://api.openai.com/v1, prices 0, timeout 60 s.

        The generic OPENAI_* variables come after the file so that a file naming another endpoint
        and its key variable never sends an OpenAI key there. There is no default model.
        `kwargs` go to the constructor (retries, sleep, ...).
        """
        table, source = _read_config(config_path)
        where = f"openai ({source})" if source else "openai"

        model = model or env.get(ENV_MODEL) or _str(table, "model", source)
        if not model:
            raise ProviderError(
                f"{where}: no model: set {ENV_MODEL} (e.g. {ENV_MODEL}=gpt-4o-mini), pass a model, "
                f'or set model = "..." in the [openai] table of {source or DEFAULT_CONFIG}'
            )
        base_url = (
            base_url
            or env.get(ENV_BASE_URL)
            or _str(table, "base_url", source)
            or env.get(ENV_OPENAI_BASE_URL)
            or DEFAULT_BASE_URL
        )
        key = _api_key(table, source, env, where)
        settings: dict[str, Any] = {
            "price_in": _first_number(
                (env.get(ENV_PRICE_IN), ENV_PRICE_IN), (table.get("price_in"), "price_in"), where=where
            ),
            "price_out": _first_number(
                (env.get(ENV_PRICE_OUT), ENV_PRICE_OUT), (table.get("price_out"), "price_out"), where=where
            ),
            "timeout": _number(table.get("timeout"), "timeout", where),
        }
        settings = {k: v for k, v in settings.items() if v is not None} | kwargs
        return cls(model, key, base_url, **settings)

    # ---- asking --------------------------------------------------------------------------------

    def ask(self, prompt: str, hole: object = None) -> Answer:
        """The model's answer to `prompt`, or ProviderError after the retries."""
        messages = [{"role": "system", "content": self.system}, {"role": "user", "content": prompt}]
        payload = {"model": self.model, "messages": messages, "temperature": 0}
        status, raw = self._post(payload)
        try:
            body = json.loads(raw)
        except ValueError:
            raise self._error(
                f"answer is not JSON (HTTP {status}, {len(raw):,} bytes: "
                f"{_snippet(self._redact(raw.decode('utf-8', 'replace')), 80)!r})"
            ) from None
        text = _content(body)
        if text is None:
            raise self._error("no choices[0].message.content in the answer")
        return Answer(text, self._usage(body, self.system + prompt, text), self.model)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> OpenAIProvider:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- network -------------------------------------------------------------------------------

    def _http(self) -> httpx.Client:
        if self._client is None:
            # the key lives in the client's headers (httpx hides Authorization in their repr), not in locals
            self._client = httpx.Client(
                headers={"User-Agent": USER_AGENT, "Authorization": f"Bearer {self._key.reveal()}"},
                timeout=httpx.Timeout(self.timeout),
                follow_redirects=False,  # never carry the key to another host
            )
        return self._client

    def _post(self, payload: dict[str, Any]) -> tuple[int, bytes]:
        """The status and body of a 2xx answer after the retries; ProviderError otherwise."""
        url = self.base_url + "/chat/completions"
        attempt = 0
        while True:
            self.tries += 1
            try:
                status, response_headers, body = self._once(url, payload)
            except httpx.TimeoutException:
                problem, retry_after = f"timed out after {self.timeout:g} s", None
            except httpx.HTTPError as exc:
                problem, retry_after = f"could not connect or read: {type(exc).__name__}: {exc}", None
            else:
                if 200 <= status < 300:
                    return status, body
                problem = self._http_problem(status, body)
                if not _retryable(status):
                    raise self._error(problem)
                retry_after = _retry_after_seconds(response_headers)
            if attempt >= self.retries:
                raise self._error(f"{problem} (gave up after {attempt + 1} tries)")
            wait = retry_after if retry_after is not None else self.backoff * (2**attempt)
            wait = min(wait, self.max_wait)
            tries = f"try {attempt + 2} of {self.retries + 1}"
            log.info("%s", self._redact(f"{self._where()}: {problem}; retrying in {wait:g} s ({tries})"))
            self.sleep(wait)
            attempt += 1

    def _once(self, url: str, payload: dict[str, Any]) -> tuple[int, httpx.Headers, bytes]:
        """One request: status, headers and body, the body read within `timeout` seconds overall
        (a server that drips bytes slowly times out too)."""
        started = time.monotonic()
        with self._http().stream("POST", url, json=payload) as r:
            chunks = []
            for chunk in r.iter_bytes():
                chunks.append(chunk)
                if time.monotonic() - started > self.timeout:
                    raise httpx.ReadTimeout("the whole answer took too long")
            return r.status_code, r.headers, b"".join(chunks)

    def _http_problem(self, status: int, body: bytes) -> str:
        problem = f"HTTP {status} {httpx.codes.get_reason_phrase(status)}".rstrip()
        detail = _server_message(self._redact(body.decode("utf-8", "replace")))  # redact, then cut
        return f"{problem}: {detail}" if detail else problem

    # ---- helpers -------------------------------------------------------------------------------

    def _usage(self, body: Any, sent: str, text: str) -> Usage:
        reported = body.get("usage") if isinstance(body, dict) else None
        prompt_tokens = _count(reported, "prompt_tokens")
        completion_tokens = _count(reported, "completion_tokens")
        estimated = prompt_tokens is None or completion_tokens is None
        if prompt_tokens is None:
            prompt_tokens = estimate_tokens(sent)
        if completion_tokens is None:
            completion_tokens = estimate_tokens(text)
        cost = (prompt_tokens * self.price_in + completion_tokens * self.price_out) / 1_000_000
        return Usage(prompt_tokens, completion_tokens, cost, estimated)

    def _where(self) -> str:
        return f"openai (model {self.model} at {self.base_url})"

    def _redact(self, text: str) -> str:
        key = getattr(self, "_key", None)
        return text.replace(key.reveal(), "<redacted>") if key is not None else text

    def _error(self, problem: str) -> ProviderError:
        return ProviderError(self._redact(f"{self._where()}: {problem}"))


class _Secret:
    """A string that never shows itself in a repr or str."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "<hidden>"

    __str__ = __repr__


def _checked_key(key: str, where: str) -> str:
    """The key, stripped; refused (without echoing it) when it cannot go in an HTTP header."""
    key = (key or "").strip()
    if not key:
        raise ProviderError(f"{where}: the API key is empty")
    if not key.isascii() or not key.isprintable() or any(c.isspace() for c in key):
        raise ProviderError(
            f"{where}: the API key has characters an HTTP header cannot carry (spaces, control or "
            "non-ASCII characters); check the variable that holds it"
        )
    return key


def _retryable(status: int) -> bool:
    return status == 429 or 500 <= status < 600


def _retry_after_seconds(headers: httpx.Headers) -> float | None:
    """The wait a 429/503 asks for: `retry-after-ms`, else `Retry-After` (seconds or an HTTP date)."""
    millis = headers.get("retry-after-ms", "").strip()
    try:
        if millis:
            return max(0.0, float(millis) / 1000)
    except ValueError:
        pass
    return retry_after_seconds(headers.get("retry-after"))


def _server_message(text: str) -> str:
    """The error message of an error answer: `error.message`, `error` or `message` of a JSON body,
    else the start of the text."""
    try:
        body = json.loads(text)
    except ValueError:
        return _snippet(text, 200)
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return _snippet(error["message"], QUOTE_LIMIT)
        if isinstance(error, str):
            return _snippet(error, QUOTE_LIMIT)
        if isinstance(body.get("message"), str):
            return _snippet(body["message"], QUOTE_LIMIT)
    return _snippet(json.dumps(body), 200)


def _content(body: Any) -> str | None:
    """choices[0].message.content as text (a list of text parts is joined), or None."""
    try:
        content = body["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        return None
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [p.get("text") for p in content if isinstance(p, dict)]
        if parts and all(isinstance(p, str) for p in parts):
            return "".join(parts)
    return None


def _count(usage: Any, name: str) -> int | None:
    value = usage.get(name) if isinstance(usage, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _snippet(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ---- configuration helpers ------------------------------------------------------------------------


def _read_config(config_path: str | Path | None) -> tuple[dict[str, Any], str]:
    """The `[openai]` table of the config file and the file's name ("" when there is no file)."""
    if config_path is None:
        path = Path.cwd() / DEFAULT_CONFIG
        if not path.is_file():
            return {}, ""
    else:
        path = Path(config_path)
        if not path.is_file():
            raise ProviderError(f"openai: config file {path} does not exist")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ProviderError(f"openai: cannot read config file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProviderError(f"openai: config file {path} is not valid TOML: {exc}") from None
    table = data.get("openai", {})
    if not isinstance(table, dict):
        raise ProviderError(f"openai: [openai] in {path} must be a table")
    if "api_key" in table:
        raise ProviderError(
            f"openai ({path}): the [openai] table holds a literal api_key; keys do not belong in files. "
            f'Put the key in an environment variable and name it: api_key_env = "MY_KEY_VARIABLE"'
        )
    unknown = sorted(set(table) - CONFIG_KEYS)
    if unknown:
        raise ProviderError(
            f"openai ({path}): unknown key(s) in [openai]: {', '.join(unknown)} "
            f"(known: {', '.join(sorted(CONFIG_KEYS))})"
        )
    return table, str(path)


def _str(table: Mapping[str, Any], name: str, source: str) -> str | None:
    value = table.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ProviderError(f"openai ({source}): {name} must be a string")
    return value or None


def _number(value: Any, name: str, where: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        value = "bool"
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ProviderError(f"{where}: {name} must be a number, got {str(value)[:40]!r}") from None
    if not math.isfinite(number) or number < 0:
        raise ProviderError(f"{where}: {name} must be a finite number >= 0, got {number}")
    return number


def _first_number(*candidates: tuple[Any, str], where: str) -> float | None:
    """The first candidate (value, name) that is set, checked as a number."""
    for value, name in candidates:
        number = _number(value, name, where)
        if number is not None:
            return number
    return None


def _api_key(table: Mapping[str, Any], source: str, env: Mapping[str, str], where: str) -> str:
    """The key from TCGC_REPAIR_API_KEY, else the variable the file names, else OPENAI_API_KEY.
    Errors name variables, never values."""
    if env.get(ENV_API_KEY):
        return env[ENV_API_KEY]
    named = table.get("api_key_env")
    if named is not None:
        if not isinstance(named, str) or not _ENV_NAME.fullmatch(named):
            raise ProviderError(
                f"{where}: api_key_env must be the NAME of an environment variable (letters, digits and "
                "_), not a key; keys do not belong in files"
            )
        if env.get(named):
            return env[named]
        raise ProviderError(
            f"{where}: no API key: the config file names {named} (api_key_env), but it is not set; "
            f"set {named} or {ENV_API_KEY}"
        )
    if env.get(ENV_OPENAI_API_KEY):
        return env[ENV_OPENAI_API_KEY]
    raise ProviderError(
        f"{where}: no API key: set {ENV_API_KEY} (or {ENV_OPENAI_API_KEY}), or name the variable that "
        f'holds it with api_key_env = "..." in the [openai] table of {source or DEFAULT_CONFIG}'
    )


# ---- a local command ------------------------------------------------------------------------------


class CommandProvider:
    """A local command (run without a shell): the prompt on stdin, the answer on stdout."""

    name = "command"

    def __init__(self, command: str, timeout: float = 300) -> None:
        try:
            self.argv = shlex.split(command)
        except ValueError as exc:
            raise ProviderError(f"command {command!r}: cannot split it into words: {exc}") from None
        if not self.argv:
            raise ProviderError("command: the command is empty")
        self.command = command
        self.timeout = timeout
        self.model = self.argv[0]

    def __repr__(self) -> str:
        return f"CommandProvider(command={self.command!r}, timeout={self.timeout!r})"

    def ask(self, prompt: str, hole: object = None) -> Answer:
        """The command's stdout for `prompt` on stdin, or ProviderError."""
        where = f"command ({self.model})"
        try:
            proc = subprocess.Popen(
                self.argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,  # a timeout kills the command's children too
            )
        except OSError as exc:
            raise ProviderError(f"{where}: cannot run it: {exc.strerror or exc}") from None
        try:
            out, err = proc.communicate(prompt.encode("utf-8"), timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            proc.communicate()
            raise ProviderError(f"{where}: timed out after {self.timeout:g} s (killed)") from None
        if proc.returncode != 0:
            tail = err.decode("utf-8", "replace").strip()[-QUOTE_LIMIT:]
            raise ProviderError(
                f"{where}: exited with code {proc.returncode}" + (f"; stderr ends: {tail}" if tail else "")
            )
        text = out.decode("utf-8", "replace")
        usage = Usage(estimate_tokens(prompt), estimate_tokens(text), 0.0, True)
        return Answer(text, usage, self.model)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (AttributeError, OSError):  # not POSIX, or already gone
        proc.kill()
