"""Side by side in one process: generated engine modules (TCG or battle) with the harness of `tcgc bench`
(`tcgc.bench.bench_jax`), interleaved twice, so that a shared machine's noise hits all of them.

    git show HEAD~2:generated/tcg_pocket.py > /tmp/before.py
    python tools/engine_ab.py 8192 5 before=/tmp/before.py now=generated/tcg_pocket.py \
        now-vmap=generated/tcg_pocket.py:vmap

Arguments: batch, seconds per row, then NAME=PATH (`:vmap` after the path: step with
`jax.vmap(step)` instead of the engine's `step_batch`).
"""

import importlib.util
import json
import sys

import jax

from tcgc.bench import bench_jax
from tcgc.runtime.env import BattleEnv, Env


class VmapEnv(Env):
    """The engine stepped with `jax.vmap(step)` even when it has a `step_batch`."""

    def step_batch(self, states, actions, keys):  # noqa: ANN001, ANN201
        return jax.vmap(self.module.step)(states, actions, keys)


class VmapBattleEnv(BattleEnv):
    """A battle engine stepped with `jax.vmap(step)` even when it has a `step_batch`."""

    step_batch = VmapEnv.step_batch


def load(path: str):  # noqa: ANN201
    spec = importlib.util.spec_from_file_location(f"ab_{len(sys.modules)}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


batch, seconds = int(sys.argv[1]), float(sys.argv[2])
engines = []
for arg in sys.argv[3:]:
    name, path = arg.split("=", 1)
    vmap = path.endswith(":vmap")
    module = load(path.removesuffix(":vmap"))
    battle = hasattr(module, "TEAM_SPECIES")
    kind = (VmapBattleEnv if battle else VmapEnv) if vmap else (BattleEnv if battle else Env)
    engines.append((name, kind(module)))
rows = []
for rnd in range(2):
    for name, env in engines:
        r = bench_jax(env, batch, seconds=seconds)
        rows.append({"round": rnd, "engine": name, "batch": batch, "steps_per_s": round(r.steps_per_s)})
        print(rows[-1], flush=True)
print(json.dumps({"device": jax.devices()[0].device_kind, "rows": rows}))
