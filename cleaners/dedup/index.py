"""The persistent dedup index: what earlier runs published, so later runs dedupe against it.

- `LocalIndex` (a directory, the embedded default): append-only segments `seg-*.npz` (signatures, exact
  hashes, ids, ranking fields) listed by `manifest.json`. Files are never modified in place (new file, then
  `os.replace`), so hard-linked copies of the directory stay intact; a lock file serialises writers, and a
  reader holds it shared while it loads, so an add that merges segments never deletes one under a reader.
- `RedisIndex` (`redis://host:port/db`, several machines): datasketch `MinHashLSH` over Redis storage for
  full and head signatures, plus Redis hashes for each document's sketch and for exact hashes.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import time
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

import numpy as np
import orjson

from cleaners.config import ConfigError
from cleaners.dedup.mapped import NpzWriter, iter_member, iter_sketches, member_header
from cleaners.dedup.params import DedupParams
from cleaners.dedup.sketch import U32, U64, Signer, Sketches

FORMAT = 1
COMPACT_AFTER = 32  # segments: more than this and an add merges them into one


class Index(Protocol):
    """What the dedup stage needs from an index."""

    def related(self, new: Sketches) -> Sketches: ...  # indexed documents that may matter to `new`

    # the same for the documents of sketch files, as segment files or sketches in memory, while they are read
    def related_sources(self, sketch_files: list[Path]) -> AbstractContextManager[list[Path | Sketches]]: ...

    def add(self, docs: Sketches) -> None: ...

    def add_file(self, path: Path) -> None: ...  # the documents of a sketch file

    def describe(self) -> str: ...


def _meta(params: DedupParams) -> dict[str, Any]:
    return {"format": FORMAT, **params.signature_key()}


def _check_meta(found: dict[str, Any], params: DedupParams, where: str) -> None:
    want = _meta(params)
    if {k: found.get(k) for k in want} != want:
        raise ConfigError(f"the dedup index {where} was built with other settings ({found}); "
                          f"this run uses {want}: use another index or the same [dedup] settings")


class LocalIndex:
    """An index in a local directory (see the module docstring)."""

    def __init__(self, path: str | Path, params: DedupParams) -> None:
        self.path, self.params = Path(path), params
        self._cache: Sketches | None = None

    def describe(self) -> str:
        return str(self.path)

    def _manifest(self) -> dict[str, Any]:
        file = self.path / "manifest.json"
        if not file.exists():
            return {**_meta(self.params), "segments": [], "documents": 0}
        manifest = orjson.loads(file.read_bytes())
        _check_meta(manifest, self.params, str(self.path))
        return manifest

    def check(self) -> None:
        """Fail with a ConfigError if the index was built with other settings (reads only the manifest)."""
        self._manifest()

    def related(self, new: Sketches) -> Sketches:
        """Everything indexed (banding over old + new finds the pairs; no per-document queries)."""
        if self._cache is None:
            with self._locked(shared=True):
                segments = self._manifest()["segments"]
                self._cache = Sketches.load_many([self.path / name for name in segments], self.params.num_perm)
        return self._cache

    @contextmanager
    def related_sources(self, sketch_files: list[Path]):
        """Everything indexed, as its segment files, which stay there while the block runs (a shared lock)."""
        with self._locked(shared=True):
            yield [self.path / name for name in self._manifest()["segments"]]

    @contextmanager
    def _locked(self, shared: bool = False):
        """The index's lock file, exclusive (a writer) or shared (a reader). A reader of an index that does
        not exist yet creates nothing; one that cannot create the lock file (a read-only index) reads
        without it."""
        if shared and not self.path.is_dir():
            yield
            return
        if not shared:
            self.path.mkdir(parents=True, exist_ok=True)
        try:
            lock = open(self.path / ".lock", "a+b")  # noqa: SIM115 - closed below
        except OSError:
            if not shared:
                raise
            yield
            return
        with lock:
            fcntl.flock(lock, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def add(self, docs: Sketches) -> None:
        if len(docs) == 0:
            return
        self._add_segment(docs.save, len(docs))

    def add_file(self, path: Path) -> None:
        """Add the documents of a sketch file (`Sketches.save`'s format) as a segment, without loading its
        signatures: the file is hard-linked into the index (copied across file systems). It must never
        change in place afterwards (`Sketches.save` and NpzWriter replace a file, they never rewrite it)."""
        with np.load(path) as data:
            count = len(data["ids"])
        if count:
            self._add_segment(lambda target: _link_or_copy(Path(path), target), count)

    def _add_segment(self, write, count: int) -> None:
        """Commit a new segment that `write(path)` writes, holding `count` documents."""
        with self._locked():
            manifest = self._manifest()
            self._remove_stale(manifest)
            name = f"seg-{time.time_ns():020d}-{os.getpid()}.npz"
            write(self.path / name)
            segments, obsolete = [*manifest["segments"], name], []
            if len(segments) > COMPACT_AFTER:
                segments, obsolete = [self._merge(segments)], segments
            manifest.update(segments=segments, documents=manifest["documents"] + count)
            tmp = self.path / f"manifest.json.tmp-{os.getpid()}"
            tmp.write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
            os.replace(tmp, self.path / "manifest.json")  # the commit point
            for old in obsolete:
                (self.path / old).unlink(missing_ok=True)
            self._cache = None

    def _remove_stale(self, manifest: dict[str, Any]) -> None:
        """What writers killed mid-add left (a segment or manifest being written, a segment written but never
        listed, segments a merge had replaced): holding the lock exclusively, no other writer or reader is
        at work, so every segment file the manifest does not list is garbage."""
        listed = set(manifest["segments"])
        for path in self.path.iterdir():
            name = path.name
            if name.startswith("manifest.json.tmp-") or (name.startswith("seg-") and name not in listed):
                path.unlink(missing_ok=True)

    def _merge(self, segments: list[str]) -> str:
        """One segment with the rows of all (what `Sketches.load_many(...).save` writes), written a member
        and a chunk of rows at a time: memory does not grow with the index."""
        paths = [self.path / s for s in segments]
        short = 0
        for path in paths:
            with np.load(path) as data:
                short += int(data["short"])
        name = f"seg-{time.time_ns():020d}-{os.getpid()}-merged.npz"
        with NpzWriter(self.path / name) as out:
            out.array("short", np.array(short))
            for column in ("ids", "sig", "head", "exact", "cjk", "chars", "removed"):
                headers = [member_header(path, column) for path in paths]
                shape, kind = headers[0]
                if column == "ids":
                    kind = np.result_type(*(dtype for _, dtype in headers))
                chunks = (chunk for path in paths for chunk in iter_member(path, column))
                out.stream(column, kind, (sum(s[0] for s, _ in headers), *shape[1:]), chunks)
        return name


class RedisIndex:
    """An index in Redis, shared by several machines (see the module docstring)."""

    def __init__(self, url: str, params: DedupParams, prefix: str = "zhclean:dedup") -> None:
        import redis
        from datasketch import MinHashLSH

        parsed = urlparse(url)
        conn = {"host": parsed.hostname or "127.0.0.1", "port": parsed.port or 6379,
                "db": int(parsed.path.strip("/") or 0)}
        self.url, self.params, self.prefix = url, params, prefix
        self.redis = redis.Redis(**conn)
        self._check()
        self.signer = Signer(params)
        self.lsh = {part: MinHashLSH(num_perm=params.num_perm, params=(params.bands, params.rows),
                                     storage_config={"type": "redis", "redis": conn,
                                                     "basename": f"{prefix}:lsh:{part}".encode()})
                    for part in ("full", "head")}

    def describe(self) -> str:
        return self.url

    def _key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def _check(self) -> None:
        meta = orjson.dumps(_meta(self.params), option=orjson.OPT_SORT_KEYS)
        self.redis.setnx(self._key("meta"), meta)
        _check_meta(orjson.loads(self.redis.get(self._key("meta"))), self.params, self.url)

    def _band_hits(self, part: str, sig: np.ndarray) -> list[set[int]]:
        """Per row of `sig`: indexed keys sharing a band with it (one Redis pipeline per band)."""
        hits: list[set[int]] = [set() for _ in range(len(sig))]
        r = self.params.rows
        for band, table in enumerate(self.lsh[part].hashtables):
            hs = [bytes(np.ascontiguousarray(row[band * r:(band + 1) * r]).byteswap().data) for row in sig]
            for i, found in enumerate(table.getmany(*hs)):
                hits[i].update(pickle.loads(k) for k in found)
        return hits

    def related(self, new: Sketches) -> Sketches:
        """Indexed documents with the same exact hash as a new one, or sharing a band (full or head)."""
        return self._fetch(sorted(self._related_keys(new)))

    @contextmanager
    def related_sources(self, sketch_files: list[Path]):
        """`related` of the documents of sketch files, looked up one file at a time (in memory)."""
        keys: set[int] = set()
        for path in sketch_files:
            keys |= self._related_keys(Sketches.load(path))
        yield [self._fetch(sorted(keys))]

    def _related_keys(self, new: Sketches) -> set[int]:
        keys: set[int] = set()
        if len(new):
            exact = self.redis.hmget(self._key("exact"), [e.tobytes() for e in new.exact])
            keys.update(int(k) for k in exact if k is not None)
            for part, sig in (("full", new.sig), ("full", new.head), ("head", new.sig)):
                for found in self._band_hits(part, sig):
                    keys.update(found)
        return keys

    def _fetch(self, keys: list[int]) -> Sketches:
        if not keys:
            return Sketches.empty(self.params.num_perm)
        rows = [orjson.loads(raw) for raw in self.redis.hmget(self._key("docs"), keys)]
        p = self.params.num_perm
        sigs = np.array([np.frombuffer(bytes.fromhex(row["sig"]), dtype=U32) for row in rows])
        return Sketches(np.array([row["id"] for row in rows], dtype=str), sigs[:, :p].copy(), sigs[:, p:].copy(),
                        np.array([np.frombuffer(bytes.fromhex(row["exact"]), dtype=U64) for row in rows]),
                        *(np.array([row[k] for row in rows], dtype=np.int64) for k in ("cjk", "chars", "removed")))

    def add(self, docs: Sketches) -> None:
        if len(docs) == 0:
            return
        first = self.redis.incrby(self._key("next"), len(docs)) - len(docs)
        pipe = self.redis.pipeline(transaction=False)
        for i in range(len(docs)):
            row = {"id": str(docs.ids[i]), "sig": np.concatenate([docs.sig[i], docs.head[i]]).tobytes().hex(),
                   "exact": docs.exact[i].tobytes().hex(), "cjk": int(docs.cjk[i]), "chars": int(docs.chars[i]),
                   "removed": int(docs.removed[i])}
            pipe.hset(self._key("docs"), first + i, orjson.dumps(row))
            pipe.hset(self._key("exact"), docs.exact[i].tobytes(), first + i)
        pipe.execute()
        for part, sig in (("full", docs.sig), ("head", docs.head)):
            with self.lsh[part].insertion_session() as session:
                for i in range(len(docs)):
                    session.insert(first + i, self.signer.lean(sig[i]), check_duplication=False)

    def add_file(self, path: Path) -> None:
        """The documents of a sketch file, a chunk of rows at a time (never all their signatures at once)."""
        for chunk in iter_sketches(path):
            self.add(chunk)


class NoIndex:
    """Dedup within the run only: nothing is read or kept."""

    def __init__(self, params: DedupParams) -> None:
        self.params = params

    def related(self, new: Sketches) -> Sketches:
        return Sketches.empty(self.params.num_perm)

    @contextmanager
    def related_sources(self, sketch_files: list[Path]):
        yield []

    def add(self, docs: Sketches) -> None:
        return None

    def add_file(self, path: Path) -> None:
        return None

    def describe(self) -> str:
        return "none (within the run only)"


def _link_or_copy(source: Path, target: Path) -> None:
    """`target` as a hard link to `source`, or a copy of it (written under a temporary name) where the two
    are on different file systems."""
    try:
        os.link(source, target)
    except OSError:
        tmp = target.with_name(target.name + ".tmp.npz")
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)


def open_index(where: str | None, params: DedupParams) -> LocalIndex | RedisIndex | NoIndex:
    """`redis://host:port/db`, a directory path, or nothing (within the run only)."""
    if not where:
        return NoIndex(params)
    if where.startswith("redis://"):
        return RedisIndex(where, params)
    return LocalIndex(where, params)


__all__ = ["Index", "LocalIndex", "NoIndex", "RedisIndex", "open_index"]
