"""Client for tools/showdown/battles.js: random-vs-random Gen 1 battles in Pokemon Showdown.

`run_battles(request)` runs one `node battles.js` process on a request (see the header comment
of tools/showdown/battles.js for the request and result formats and the exact counting rules)
and returns its result. `throughput(seconds, processes)` runs one throughput process per core
in parallel and sums their counts and rates.
"""

from __future__ import annotations

import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from tcgc.oracle.node import (
    INSTALL_HINT,
    SHOWDOWN_PACKAGE,
    HarnessError,
    _check_installed,
    _find_node,
    harness_dir,
)

SCRIPT = "battles.js"
SUMMED = ("battles", "turns", "steps", "decisions", "p1_wins", "p2_wins", "ties", "truncated")
RATES = ("steps_per_s", "turns_per_s", "battles_per_s")


def _command(directory: Path | None, node: str) -> tuple[list[str], Path]:
    directory = (directory if directory is not None else harness_dir()).resolve()
    node_path = _find_node(node)
    script = _check_installed(directory, SCRIPT, SHOWDOWN_PACKAGE)
    return [node_path, str(script)], directory


def _result(returncode: int | None, stdout: str, stderr: str) -> dict[str, Any]:
    """Turn a finished battles.js run into its result dict, or raise HarnessError."""
    stderr = stderr.strip()
    if returncode == 2:
        raise HarnessError(
            f"{SCRIPT} could not load its npm packages; run `{INSTALL_HINT}` from the repository "
            f"root; stderr:\n{stderr[-4000:] or '(no stderr)'}"
        )
    try:
        data = json.loads(stdout)
    except json.JSONDecodeError:
        data = None
    if returncode == 0 and isinstance(data, dict) and "error" not in data:
        return data
    if isinstance(data, dict) and "error" in data:
        detail = f"\nstderr:\n{stderr[-4000:]}" if stderr else ""
        raise HarnessError(f"{SCRIPT} failed: {data['error']}{detail}")
    raise HarnessError(
        f"{SCRIPT} failed (exit status {returncode}) without a JSON result; "
        f"stdout: {stdout.strip()[:500]!r}; stderr:\n{stderr[-4000:] or '(no stderr)'}"
    )


def run_battles(
    request: dict[str, Any],
    *,
    timeout: float = 600,
    directory: Path | None = None,
    node: str = "node",
) -> dict[str, Any]:
    """Run `node tools/showdown/battles.js` on one request and return its JSON result.

    Raises HarnessError when Node.js or the npm packages are missing, when the script rejects
    the request (the message is the script's, e.g. naming an unknown move) or fails, or when
    it runs longer than `timeout` seconds.
    """
    command, cwd = _command(directory, node)
    try:
        done = subprocess.run(
            command,
            cwd=cwd,
            input=json.dumps(request),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise HarnessError(f"{SCRIPT} timed out after {timeout:g}s") from exc
    except OSError as exc:
        raise HarnessError(f"could not start {' '.join(command)}: {exc}") from exc
    return _result(done.returncode, done.stdout, done.stderr)


def throughput(
    seconds: float,
    processes: int | None = None,
    *,
    seed: int = 0,
    request: dict[str, Any] | None = None,
    timeout: float | None = None,
    directory: Path | None = None,
    node: str = "node",
) -> dict[str, Any]:
    """Play random Gen 1 battles in `processes` node processes at once for `seconds` each.

    `processes` defaults to os.cpu_count(); process i gets seed `seed + i`. `request` may add
    fields to the throughput request (e.g. "format", "teams", "turnLimit"). Returns the sums
    over processes of battles, turns, steps, decisions and outcomes, the machine-wide rates
    (sums of the per-process steps_per_s, turns_per_s, battles_per_s, the processes running
    concurrently), and "rows": each process's own result.
    """
    count = processes if processes is not None else (os.cpu_count() or 1)
    if count < 1:
        raise ValueError(f"processes must be >= 1, got {count}")
    _command(directory, node)  # fail early, once, if node or the packages are missing
    limit = timeout if timeout is not None else seconds + 120.0
    bodies = [
        {**(request or {}), "mode": "throughput", "seconds": seconds, "seed": seed + i} for i in range(count)
    ]
    # One thread per process: each starts its node process at once and waits for it.
    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = [
            pool.submit(run_battles, body, timeout=limit, directory=directory, node=node) for body in bodies
        ]
        rows = [future.result() for future in futures]
    total: dict[str, Any] = {"processes": count, "seconds": seconds}
    for key in SUMMED:
        total[key] = sum(row[key] for row in rows)
    for key in RATES:
        total[key] = sum(row[key] for row in rows)
    total["rows"] = rows
    return total
