"""Side by side in one process: an earlier build of the classic engine and today's, with the harness of
`tcgc bench` (`tcgc.bench.bench_jax`), interleaved twice, so that a shared machine's noise hits both.

    git show 4c26f76:generated/tcg_classic.py > /tmp/old_tcg.py   # the build before the effects
    python tools/speed_ab.py /tmp/old_tcg.py 8192 5                # batch, seconds per row

The engine of commit 4c26f76 drew its coins with `rng.step_coins`, which later became
`rng.step_random`; the shim below gives it the old function.
"""

import importlib.util
import json
import sys
import types

import jax
import jax.numpy as jnp

from tcgc.bench import bench_jax
from tcgc.runtime import rng
from tcgc.runtime.env import Env


def step_coins(key, num_slots):  # the rng of commit 4c26f76
    return (jax.random.bits(key, (num_slots,), jnp.uint32) & 1).astype(jnp.int32)


spec = importlib.util.spec_from_file_location("old_tcg", sys.argv[1])
old = importlib.util.module_from_spec(spec)
sys.modules["old_tcg"] = old
spec.loader.exec_module(old)
old.rng = types.SimpleNamespace(
    step_coins=step_coins,
    deck_permutation=rng.deck_permutation,
    first_player=rng.first_player,
    deck_choice=rng.deck_choice,
)
from tcgc.generated import tcg_classic as new  # noqa: E402

batch, seconds = int(sys.argv[2]), float(sys.argv[3])
rows = []
for rnd in range(2):
    for name, m in (("before effects (4c26f76)", old), ("now", new)):
        r = bench_jax(Env(m), batch, seconds=seconds)
        rows.append({"round": rnd, "engine": name, "batch": batch, "steps_per_s": round(r.steps_per_s)})
        print(rows[-1], flush=True)
print(json.dumps({"device": jax.devices()[0].device_kind, "rows": rows}))
