"""Client for the Node.js Gen 1 oracles in tools/showdown (Pokemon Showdown + @smogon/calc).

`CalcHarness` drives `tools/showdown/calc.js`, a long-running JSON-lines damage calculator;
`export_gen1()` runs `tools/showdown/export_gen1.js` and returns Showdown's Gen 1 data.
The npm packages are pinned in tools/showdown/package-lock.json and installed with
`npm ci --prefix tools/showdown`.
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

INSTALL_HINT = "npm ci --prefix tools/showdown"
CALC_PACKAGE = Path("node_modules") / "@smogon" / "calc" / "package.json"
SHOWDOWN_PACKAGE = Path("node_modules") / "pokemon-showdown" / "package.json"


class HarnessError(Exception):
    """The Node.js oracle could not be started, failed, timed out or rejected a request."""


def harness_dir() -> Path:
    """The repository's tools/showdown directory (holds calc.js, export_gen1.js, node_modules)."""
    return Path(__file__).resolve().parents[2] / "tools" / "showdown"


def _find_node(node: str) -> str:
    path = shutil.which(node)
    if path is None:
        raise HarnessError(
            f"Node.js executable {node!r} not found on PATH; install Node.js (v20) to run the "
            f"tools/showdown oracles"
        )
    return path


def _check_installed(directory: Path, script: str, package: Path) -> Path:
    script_path = directory / script
    if not script_path.is_file():
        raise HarnessError(f"oracle script not found: {script_path}")
    if not (directory / package).is_file():
        raise HarnessError(
            f"the oracle's npm packages are not installed ({directory / package.parent} is missing); "
            f"run `{INSTALL_HINT}` from the repository root"
        )
    return script_path


class CalcHarness:
    """A running `node calc.js` process; use as a context manager.

    `damage(cases)` sends one request per case (keys: attacker, defender, move, optional crit,
    attackerBoosts, defenderBoosts; see calc.js) and returns the replies in order:
    `{"damage": [int, ...], "hits": n, "attackerStats": {...}, "defenderStats": {...}, ...}`.
    A case's own "id", if any, is echoed back unchanged.
    """

    def __init__(self, directory: Path | None = None, *, node: str = "node", timeout: float = 60.0) -> None:
        self.directory = (directory if directory is not None else harness_dir()).resolve()
        self.node = node
        self.timeout = timeout
        self._proc: subprocess.Popen[str] | None = None
        self._replies: queue.Queue[str | None] = queue.Queue()
        self._stderr: list[str] = []
        self._threads: list[threading.Thread] = []
        self._next_id = 0

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> CalcHarness:
        if self._proc is not None:
            return self
        node = _find_node(self.node)
        script = _check_installed(self.directory, "calc.js", CALC_PACKAGE)
        try:
            self._proc = subprocess.Popen(
                [node, str(script)],
                cwd=self.directory,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                bufsize=1,
            )
        except OSError as exc:
            raise HarnessError(f"could not start {node} {script}: {exc}") from exc
        assert self._proc.stdout is not None and self._proc.stderr is not None
        self._threads = [
            threading.Thread(target=self._pump_stdout, args=(self._proc.stdout,), daemon=True),
            threading.Thread(target=self._pump_stderr, args=(self._proc.stderr,), daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        return self

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.stdin is not None and not proc.stdin.closed:
                proc.stdin.close()
        except OSError:
            pass
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []
        self._replies = queue.Queue()

    def __enter__(self) -> CalcHarness:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- I/O threads -------------------------------------------------------------------------
    def _pump_stdout(self, stream: Any) -> None:
        for line in stream:
            self._replies.put(line)
        self._replies.put(None)

    def _pump_stderr(self, stream: Any) -> None:
        for line in stream:
            self._stderr.append(line)

    def _stderr_text(self) -> str:
        text = "".join(self._stderr).strip()
        return text[-4000:] if text else "(no stderr)"

    def _died(self, proc: subprocess.Popen[str], what: str) -> HarnessError:
        try:
            code = proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        for thread in self._threads:
            thread.join(timeout=2)
        self.close()
        return HarnessError(f"calc.js {what} (exit status {code}); stderr:\n{self._stderr_text()}")

    # -- requests ----------------------------------------------------------------------------
    def damage(self, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send a batch of damage requests; return one reply per case, in order."""
        if not cases:
            return []
        self.start()
        proc = self._proc
        assert proc is not None and proc.stdin is not None
        first_id = self._next_id
        self._next_id += len(cases)
        lines = [json.dumps({**case, "id": first_id + i}) + "\n" for i, case in enumerate(cases)]
        write_error: list[BaseException] = []

        def write() -> None:
            try:
                assert proc.stdin is not None
                for line in lines:
                    proc.stdin.write(line)
                proc.stdin.flush()
            except (OSError, ValueError) as exc:  # broken pipe: reported by the reader below
                write_error.append(exc)

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        deadline = time.monotonic() + self.timeout
        raw: list[str] = []
        while len(raw) < len(cases):
            remaining = deadline - time.monotonic()
            try:
                line = self._replies.get(timeout=max(remaining, 0.0))
            except queue.Empty:
                self.close()
                raise HarnessError(
                    f"calc.js timed out after {self.timeout:g}s with {len(raw)} of {len(cases)} replies "
                    f"(next case: {cases[len(raw)]!r}); stderr:\n{self._stderr_text()}"
                ) from None
            if line is None:
                raise self._died(proc, f"exited early after {len(raw)} of {len(cases)} replies")
            raw.append(line)
        writer.join(timeout=5)
        if write_error:
            raise self._died(proc, f"stopped accepting requests ({write_error[0]})")

        replies: list[dict[str, Any]] = []
        errors: list[str] = []
        for i, (case, line) in enumerate(zip(cases, raw)):
            try:
                reply = json.loads(line)
            except json.JSONDecodeError as exc:
                self.close()
                raise HarnessError(f"calc.js wrote a non-JSON line for case {case!r}: {line!r}") from exc
            if not isinstance(reply, dict) or reply.get("id") != first_id + i:
                self.close()
                raise HarnessError(f"calc.js reply out of order for case {case!r}: {line.strip()!r}")
            if "error" in reply:
                errors.append(f"case {case!r}: {reply['error']}")
            if "id" in case:
                reply["id"] = case["id"]
            else:
                del reply["id"]
            replies.append(reply)
        if errors:
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise HarnessError(f"calc.js rejected {errors[0]}{more}")
        return replies


def export_gen1(
    directory: Path | None = None, *, node: str = "node", timeout: float = 120.0
) -> dict[str, Any]:
    """Run export_gen1.js and return Showdown's Gen 1 data (species, moves, typechart, learnsets)."""
    directory = (directory if directory is not None else harness_dir()).resolve()
    node_path = _find_node(node)
    script = _check_installed(directory, "export_gen1.js", SHOWDOWN_PACKAGE)
    try:
        done = subprocess.run(
            [node_path, str(script)],
            cwd=directory,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise HarnessError(f"export_gen1.js timed out after {timeout:g}s") from exc
    except OSError as exc:
        raise HarnessError(f"could not start {node_path} {script}: {exc}") from exc
    if done.returncode != 0:
        raise HarnessError(
            f"export_gen1.js failed (exit status {done.returncode}); stderr:\n{done.stderr.strip()[-4000:]}"
        )
    try:
        data = json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise HarnessError(f"export_gen1.js wrote invalid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise HarnessError("export_gen1.js did not write a JSON object")
    return data
