"""Incremental corpus refresh: clean only new or changed inputs, append a shard, commit with one rename.

The corpus directory holds `manifest.json` (the single source of truth), `shards/` and `index/`.
A refresh stages everything in `.staging-<generation>/`, moves the files into place under names that
carry the new generation, and commits by replacing the manifest atomically. Files that no manifest
names (a run killed before its commit) are garbage and are removed by the next refresh.

A refresh holds the corpus's run lock (`.zhclean-refresh.lock`, flows.safety.run_lock) from start to end:
a second refresh of the same corpus is refused instead of removing the first one's staging directory. A new
corpus gets its (empty) manifest first, so a directory without one is never a corpus: a refresh refuses a
non-empty directory without a manifest rather than deleting its `shards/` or `index/`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from prefect import flow, get_run_logger

from flows.clean_flow import clean_corpus
from flows.corpus import CORPUS_CHILD, LOCK, MANIFEST, check_refresh, empty_manifest, read_manifest
from flows.io import SUPPORTED, write_atomic
from flows.safety import crash_point, run_lock


@dataclass(frozen=True)
class SourceFile:
    rel: str
    path: Path
    size: int
    mtime_ns: int



def scan_source(source: Path) -> list[SourceFile]:
    """Every supported input file under the source directory (or the source file itself)."""
    paths = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
    root = source.parent if source.is_file() else source
    out = []
    for p in paths:
        if p.name.lower().endswith(SUPPORTED):
            st = p.stat()
            out.append(SourceFile(str(p.relative_to(root)), p, st.st_size, st.st_mtime_ns))
    return out


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def select_changed(
    files: list[SourceFile], manifest: dict[str, Any], unreadable: dict[str, str] | None = None
) -> tuple[list[SourceFile], dict[str, dict]]:
    """New or changed inputs (by size/mtime, confirmed by content hash) and their manifest entries.

    A file that cannot be read is left out (`unreadable`: its path -> why): not in the manifest, so the next
    refresh tries it again; the others go on."""
    changed: list[SourceFile] = []
    entries: dict[str, dict] = {}
    for f in files:
        old = manifest["inputs"].get(f.rel)
        if old and old["size"] == f.size and old["mtime_ns"] == f.mtime_ns:
            continue
        try:
            digest = sha256(f.path)
        except OSError as exc:
            if unreadable is None:
                raise
            unreadable[f.rel] = exc.strerror or str(exc)
            continue
        entries[f.rel] = {"size": f.size, "mtime_ns": f.mtime_ns, "sha256": digest}
        if not old or old["sha256"] != digest:
            changed.append(f)
    return changed, entries


def recover(corpus: Path, manifest: dict[str, Any]) -> list[str]:
    """Remove what a killed refresh left behind: staging dirs, uncommitted shards and index generations, a
    manifest it was writing. Call it holding the corpus's run lock (no refresh of it is alive then); only
    names a refresh writes are touched (`part-N`, `gen-N`), nothing else in `shards/` or `index/`."""
    removed = []
    committed = {s["name"] for s in manifest["shards"]}
    for stale in sorted(corpus.glob(".staging-*")):
        shutil.rmtree(stale, ignore_errors=True)
        removed.append(stale.name)
    for tmp in sorted(corpus.glob(f".{MANIFEST}.tmp-*")):
        tmp.unlink(missing_ok=True)
        removed.append(tmp.name)
    for shard in sorted((corpus / "shards").glob("*")) if (corpus / "shards").exists() else []:
        if shard.name not in committed and CORPUS_CHILD["shards"].fullmatch(shard.name):
            shutil.rmtree(shard, ignore_errors=True)
            removed.append(f"shards/{shard.name}")
    for gen in sorted((corpus / "index").glob("*")) if (corpus / "index").exists() else []:
        if f"index/{gen.name}" != manifest["index"] and CORPUS_CHILD["index"].fullmatch(gen.name):
            shutil.rmtree(gen, ignore_errors=True)
            removed.append(f"index/{gen.name}")
    return removed


def stage_index(corpus: Path, manifest: dict[str, Any], staging: Path) -> Path:
    """A private copy of the committed index (hard links: cheap) for this run to update."""
    target = staging / "index"
    if manifest["index"]:
        shutil.copytree(corpus / manifest["index"], target, copy_function=os.link)
    return target


def commit(
    corpus: Path, manifest: dict[str, Any], staging: Path, entries: dict[str, dict], report: dict | None
) -> dict:
    """Move the staged shard and index into place, then replace the manifest: the commit point."""
    generation = manifest["generation"] + 1
    new = {**manifest, "generation": generation, "inputs": {**manifest["inputs"], **entries}}
    if report is not None:
        name = f"part-{generation:05d}"
        (corpus / "shards").mkdir(parents=True, exist_ok=True)
        os.replace(staging / "out", corpus / "shards" / name)
        crash_point("commit:shard")  # killed from here to the manifest: garbage for the next refresh
        new["shards"] = [
            *manifest["shards"],
            {
                "name": name,
                "generation": generation,
                "documents": report["documents"]["out"],
                "inputs": sorted(entries),
            },
        ]
    if (staging / "index").exists():
        (corpus / "index").mkdir(parents=True, exist_ok=True)
        os.replace(staging / "index", corpus / "index" / f"gen-{generation:05d}")
        new["index"] = f"index/gen-{generation:05d}"
        crash_point("commit:index")
    write_atomic(corpus / MANIFEST, orjson.dumps(new, option=orjson.OPT_INDENT_2))  # the commit point
    crash_point("commit:manifest")  # killed here: committed; the next refresh removes the garbage
    recover(corpus, new)  # the previous index generation and the staging dir are garbage now
    return new


def iter_corpus(corpus: Path) -> Iterator[dict[str, Any]]:
    """The corpus's documents, newest shard first; a later version of an id hides the earlier one."""
    manifest = read_manifest(corpus)
    seen: set[str] = set()
    for shard in reversed(manifest["shards"]):
        with open(corpus / "shards" / shard["name"] / "documents.jsonl", "rb") as fh:
            for raw in fh:
                row = orjson.loads(raw)
                if row["id"] not in seen:
                    seen.add(row["id"])
                    yield row


@flow(name="zhclean-refresh", log_prints=True)
def refresh_corpus(source: str, corpus: str, config: str | None = None) -> dict[str, Any]:
    """Clean the new or changed inputs of SOURCE and append them to CORPUS as one committed shard."""
    logger = get_run_logger()
    src, root = Path(source).resolve(), Path(corpus).resolve()
    check_refresh(src, root)  # the CLI checks before starting a flow run; a scheduled run checks again
    root.mkdir(parents=True, exist_ok=True)
    with run_lock(root / LOCK, f"corpus {root}"):
        check_refresh(src, root, locked=True)  # again, holding the lock
        if not (root / MANIFEST).exists():  # a new corpus: its manifest first, before anything else
            write_atomic(root / MANIFEST, orjson.dumps(empty_manifest(), option=orjson.OPT_INDENT_2))
            crash_point("refresh:init")
        return _refresh(src, root, config, logger)


def _refresh(src: Path, root: Path, config: str | None, logger: Any) -> dict[str, Any]:
    manifest = read_manifest(root)
    removed = recover(root, manifest)
    if removed:
        logger.warning("removed leftovers of an interrupted refresh: %s", removed)
    crash_point("refresh:start")
    unreadable: dict[str, str] = {}
    changed, entries = select_changed(scan_source(src), manifest, unreadable)
    for rel, why in unreadable.items():
        logger.warning("input %s cannot be read (%s): left out, tried again by the next refresh", rel, why)
    if not entries:
        logger.info("nothing new in %s", src)
        return {"generation": manifest["generation"], "processed": [], "documents": 0, "unreadable": unreadable}
    staging = root / f".staging-{manifest['generation'] + 1:05d}-{time.time_ns()}"
    staging.mkdir()
    crash_point("refresh:staged")
    report = None
    if changed:
        index = stage_index(root, manifest, staging)
        report = clean_corpus(
            [str(f.path) for f in changed],
            str(staging / "out"),
            config,
            root=str(src.parent if src.is_file() else src),
            index=str(index),
        )
    crash_point("refresh:cleaned")
    new = commit(root, manifest, staging, entries, report)
    crash_point("refresh:done")
    processed = sorted(f.rel for f in changed)
    logger.info("generation %s: %s inputs processed", new["generation"], len(processed))
    return {
        "generation": new["generation"],
        "processed": processed,
        "documents": report["documents"]["out"] if report else 0,
        "unreadable": unreadable,
    }
