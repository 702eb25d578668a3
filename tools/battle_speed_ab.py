"""Side by side in one process: builds of the battle engine (generated modules), random legal play of both
players on the first two spec teams, auto-reset, 20 steps per jitted `lax.scan`, interleaved twice so that a
shared machine's noise hits every build alike.

    git show 348e845:generated/battle_gen1.py > /tmp/old_battle.py   # before the locks and calls
    python tools/battle_speed_ab.py 4096 old=/tmp/old_battle.py new=generated/battle_gen1.py
"""

import importlib.util
import sys
import time

import jax
import jax.numpy as jnp

STEPS = 20


def load(name: str, path: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def runner(g, batch: int):
    start = g.init(g.TEAM_SPECIES[:2], g.TEAM_MOVES[:2])
    fresh = jax.tree_util.tree_map(lambda y: jnp.broadcast_to(y, (batch,) + y.shape), start)

    def body(carry, _):
        s, k = carry
        k, k1, k2 = jax.random.split(k, 3)
        a = jax.random.categorical(k1, jnp.where(s.legal_action_mask, 0.0, -1e9))
        n = jax.vmap(g.step)(s, a, jax.random.split(k2, batch))
        done = n.terminated | n.truncated
        n = jax.tree_util.tree_map(
            lambda x, y: jnp.where(done.reshape((-1,) + (1,) * (x.ndim - 1)), y, x), n, fresh
        )
        return (n, k), None

    run = jax.jit(lambda s, k: jax.lax.scan(body, (s, k), None, length=STEPS)[0])
    return run, fresh


def main() -> None:
    batch = int(sys.argv[1])
    builds = {name: load(f"ab_{name}", path) for name, path in (a.split("=", 1) for a in sys.argv[2:])}
    runs = {name: runner(g, batch) for name, g in builds.items()}
    for run, s in runs.values():
        jax.block_until_ready(run(s, jax.random.PRNGKey(0)))  # compile
    for rep in range(2):
        for name, (run, s) in runs.items():
            t = time.perf_counter()
            jax.block_until_ready(run(s, jax.random.PRNGKey(rep)))
            print(f"{name} {rep}: {STEPS * batch / (time.perf_counter() - t):,.0f} steps/s")


if __name__ == "__main__":
    main()
