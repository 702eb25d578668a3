"""Where a generated engine's step spends its time: XLA CPU kernel times of `tcgc bench`'s harness,
joined to the engine's source lines through the compiled HLO's stack frames.

    XLA_FLAGS=--xla_cpu_enable_xprof_traceme=true \\
        python tools/profile_lines.py generated/tcg_classic.py 8192 [TOP] [PHASE_LINE]

Prints the share of kernel time per outermost engine frame (the step's phases) and per innermost
frame (a source line; lines of tcgc's runtime are shown with the engine line that called them).
PHASE_LINE limits the second list to the kernels under one phase (its line number). Loop and
conditional kernels are left out (their time is that of the kernels inside them).
"""

from __future__ import annotations

import collections
import glob
import importlib.util
import os
import re
import sys
import tempfile
from pathlib import Path

import jax
from jax._src.lib import _profile_data

from tcgc.bench import _jax_runner
from tcgc.runtime.env import BattleEnv, Env

CHUNK = 100
RUNS = 3


def _varint(b: bytes, i: int) -> tuple[int, int]:
    out = shift = 0
    while True:
        x = b[i]
        i += 1
        out |= (x & 0x7F) << shift
        shift += 7
        if x < 0x80:
            return out, i


def _fields(b: bytes) -> list[tuple[int, int, object]]:
    """The (field number, wire type, value) of a serialized protobuf message."""
    i, out = 0, []
    while i < len(b):
        key, i = _varint(b, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(b, i)
        elif wire == 2:
            n, i = _varint(b, i)
            value, i = b[i : i + n], i + n
        elif wire in (1, 5):
            n = 8 if wire == 1 else 4
            value, i = b[i : i + n], i + n
        else:
            raise ValueError(f"protobuf wire type {wire} not handled")
        out.append((number, wire, value))
    return out


def stack_frames(module_proto: bytes):  # noqa: ANN201
    """A function: HLO stack_frame_id -> [(file, line), ...] innermost first, from an HloModuleProto's
    stack_frame_index (field 17: file names 1, file locations 3, stack frames 4)."""
    index = next(v for n, w, v in _fields(module_proto) if n == 17 and w == 2)
    parts = _fields(index)
    files = [v.decode() for n, _, v in parts if n == 1]
    locations = [dict((a, c) for a, _, c in _fields(v)) for n, _, v in parts if n == 3]
    frames = [dict((a, c) for a, _, c in _fields(v)) for n, _, v in parts if n == 4]

    def resolve(frame_id: int) -> list[tuple[str, int]]:
        out = []
        while frame_id:
            frame = frames[frame_id - 1]
            loc = locations[frame.get(1, 0) - 1]
            out.append((files[loc.get(1, 0) - 1], loc.get(3, 0)))
            frame_id = frame.get(2, 0)
        return out

    return resolve


def main() -> None:
    path, batch = sys.argv[1], int(sys.argv[2])
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    phase = sys.argv[4] if len(sys.argv) > 4 else None
    spec = importlib.util.spec_from_file_location("profiled_engine", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    env = (BattleEnv if hasattr(module, "TEAM_SPECIES") else Env)(module)
    run = _jax_runner(env, batch, CHUNK, min(1024, batch))
    key = jax.random.PRNGKey(0)
    hlo = run.lower(key).compile().runtime_executable().hlo_modules()[0]
    resolve = stack_frames(hlo.as_serialized_hlo_module_proto())
    base = os.path.basename(path)
    where = {}  # kernel name -> (innermost line, outermost engine line)
    for line in hlo.to_string().splitlines():
        name = re.match(r"\s*(?:ROOT )?%?([\w.\-]+) = ", line)
        frame = re.search(r"stack_frame_id=(\d+)", line)
        if not (name and frame):
            continue
        frames = [f"{os.path.basename(f)}:{n}" for f, n in resolve(int(frame.group(1)))]
        mine = [f for f in frames if f.startswith(base + ":")]
        inner = frames[0] if frames else "?"
        if mine and inner != mine[0]:
            inner = f"{inner}@{mine[0]}"
        where[name.group(1)] = (inner, mine[-1] if mine else "?")
    run(key).block_until_ready()
    folder = tempfile.mkdtemp()
    with jax.profiler.trace(folder):
        for i in range(RUNS):
            run(jax.random.fold_in(key, i)).block_until_ready()
    trace = glob.glob(f"{folder}/**/*.xplane.pb", recursive=True)[0]
    times: collections.Counter = collections.Counter()
    for plane in _profile_data.ProfileData.from_file(trace).planes:
        for line in plane.lines:
            for event in line.events:
                if event.name in where and not event.name.startswith(("while", "conditional", "call")):
                    times[event.name] += event.duration_ns
    total = sum(times.values())
    if not total:
        sys.exit("no kernel times recorded: run with XLA_FLAGS=--xla_cpu_enable_xprof_traceme=true")
    per_step = total / RUNS / (batch * CHUNK)
    print(f"kernel time {total / RUNS / 1e6:.1f} ms per {batch} x {CHUNK} steps = {per_step:.0f} ns/step")
    outer, inner = collections.Counter(), collections.Counter()
    for name, ns in times.items():
        outer[where[name][1]] += ns
        if phase is None or where[name][1].endswith(f":{phase}"):
            inner[where[name][0]] += ns
    source = Path(path).read_text().splitlines()

    def text(loc: str) -> str:
        file, _, number = loc.split("@")[0].rpartition(":")
        return source[int(number) - 1].strip()[:80] if file == base else ""

    print("--- phases (outermost engine line)")
    for loc, ns in outer.most_common(15):
        print(f"{100 * ns / total:5.1f}% {loc} {text(loc)}")
    print("--- source lines (innermost)")
    for loc, ns in inner.most_common(top):
        print(f"{100 * ns / total:5.1f}% {loc} {text(loc)}")


if __name__ == "__main__":
    main()
