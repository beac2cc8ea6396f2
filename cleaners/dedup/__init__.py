"""Near-duplicate removal: sketches per document, then one reduce over the corpus (and a persistent index).

Library only (no Prefect): `sketch_rows` maps cleaned rows to `Sketches`, `Deduplicator.run` reduces them
against what an index (`open_index`) already holds, and the index's `add` records the new survivors.
"""

from cleaners.dedup.cluster import CONTAINED, NEAR
from cleaners.dedup.engine import Deduplicator, DedupResult
from cleaners.dedup.index import LocalIndex, NoIndex, RedisIndex, open_index
from cleaners.dedup.params import DedupParams
from cleaners.dedup.policy import POLICIES, get_policy, keep_policy
from cleaners.dedup.sketch import RowSketcher, Signer, Sketches, normalise, shingle_hash, sketch_rows

__all__ = [
    "CONTAINED",
    "NEAR",
    "POLICIES",
    "DedupParams",
    "DedupResult",
    "Deduplicator",
    "LocalIndex",
    "NoIndex",
    "RedisIndex",
    "RowSketcher",
    "Signer",
    "Sketches",
    "dedupe_rows",
    "get_policy",
    "keep_policy",
    "normalise",
    "open_index",
    "shingle_hash",
    "sketch_rows",
]


def dedupe_rows(rows, params: DedupParams, index=None) -> DedupResult:
    """Sketch and dedupe cleaned rows ({id, text, removed_chars}) in one call; record survivors in `index`."""
    index = index if index is not None else NoIndex(params)
    new = sketch_rows(rows, params)
    result = Deduplicator(params).run(new, index.related(new))
    index.add(result.survivors)
    return result
