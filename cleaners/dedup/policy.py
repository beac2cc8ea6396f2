"""Keep policies: which copy of a cluster survives. A policy ranks documents; rank 0 is the best."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from cleaners.config import ConfigError
from cleaners.dedup.sketch import Sketches

Policy = Callable[[Sketches], np.ndarray]
POLICIES: dict[str, Policy] = {}


def keep_policy(name: str) -> Callable[[Policy], Policy]:
    """Register a policy under `name` (the value of `[dedup] keep_policy`)."""

    def register(fn: Policy) -> Policy:
        POLICIES[name] = fn
        return fn

    return register


def _rank(*keys: np.ndarray) -> np.ndarray:
    """Ranks by the keys, first key most significant; the id always breaks ties (order-independent)."""
    order = np.lexsort(tuple(reversed(keys)))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


@keep_policy("most_complete")
def most_complete(sk: Sketches) -> np.ndarray:
    """Most CJK characters, then fewest characters removed by the cleaners, then the smallest id."""
    return _rank(-sk.cjk, sk.removed, sk.ids)


@keep_policy("longest")
def longest(sk: Sketches) -> np.ndarray:
    """Most normalised characters of any script, then the smallest id."""
    return _rank(-sk.chars, sk.ids)


@keep_policy("smallest_id")
def smallest_id(sk: Sketches) -> np.ndarray:
    """The smallest id (for ids that sort by age, the oldest copy)."""
    return _rank(sk.ids)


def get_policy(name: str) -> Policy:
    if name not in POLICIES:
        raise ConfigError(f"[dedup] keep_policy {name!r} is unknown; known: {sorted(POLICIES)}")
    return POLICIES[name]
