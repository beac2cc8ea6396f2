"""A refresh corpus's layout and the checks of its paths, Prefect-free: `zhclean refresh` and `serve` refuse a
bad source or corpus at once, before Prefect or the chain is loaded (flows.refresh runs the refresh itself)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import orjson

from flows.io import SUPPORTED
from flows.safety import lock_holder

MANIFEST = "manifest.json"
LOCK = ".zhclean-refresh.lock"  # the run lock, in the corpus directory while a refresh runs
# What a corpus directory holds besides its manifest, committed or left by a refresh killed before its commit.
CORPUS_CHILD = {"shards": re.compile(r"part-\d+"), "index": re.compile(r"gen-\d+")}
# All a directory without a manifest may hold to be taken as a new corpus: what a refresh killed before it
# wrote the first (empty) manifest leaves.
_BEFORE_FIRST_MANIFEST = re.compile(re.escape(LOCK) + r"|\." + re.escape(MANIFEST) + r"\.tmp-\d+")


class RefreshError(ValueError):
    """A source or corpus path a refresh cannot use; the message says which and why."""


def empty_manifest() -> dict[str, Any]:
    return {"version": 1, "generation": 0, "inputs": {}, "shards": [], "index": None}


def read_manifest(corpus: Path) -> dict[str, Any]:
    path = corpus / MANIFEST
    if not path.exists():
        return empty_manifest()
    try:
        manifest = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise RefreshError(f"corpus {corpus}: {MANIFEST} cannot be read: {exc}") from None
    if not isinstance(manifest, dict) or not set(empty_manifest()) <= set(manifest):
        raise RefreshError(f"corpus {corpus}: {MANIFEST} is not a zhclean corpus manifest")
    return manifest


def _nearest_existing(path: Path) -> Path:
    while not os.path.lexists(path) and path != path.parent:
        path = path.parent
    return path


def check_refresh(source: Path, corpus: Path, locked: bool = False) -> None:
    """Refuse, before anything is read or written, a source or corpus path a refresh cannot use.

    The corpus must be a zhclean corpus (its manifest), an empty directory (or one holding only what a refresh
    killed before it wrote the corpus's first manifest leaves), or a path that can be created: a refresh
    deletes the shards and index generations its manifest does not name, so it never runs in a directory of
    other files. A corpus another refresh is working on is refused too (`locked`: this process holds the
    corpus's lock).
    """
    if not source.exists():
        raise RefreshError(f"source not found: {source}")
    if source.is_file() and not source.name.lower().endswith(SUPPORTED):
        raise RefreshError(f"unsupported source {source}: expected a directory or one of {', '.join(SUPPORTED)}")
    if not source.is_file() and not source.is_dir():
        raise RefreshError(f"source {source} is neither a file nor a directory")
    if not os.path.lexists(corpus):
        parent = _nearest_existing(corpus.parent)
        if not parent.is_dir():
            raise RefreshError(f"cannot create corpus {corpus}: {parent} is not a directory")
        return
    if not corpus.is_dir():
        raise RefreshError(f"corpus {corpus} exists and is not a directory; choose another --corpus")
    holder = None if locked else lock_holder(corpus / LOCK)
    if holder is not None:
        raise RefreshError(
            f"another zhclean run holds corpus {corpus} ({holder}); wait for it to finish, then run again"
        )
    if (corpus / MANIFEST).exists():
        read_manifest(corpus)  # readable, or a clear error
        return
    foreign = [entry for entry in sorted(os.listdir(corpus)) if not _BEFORE_FIRST_MANIFEST.fullmatch(entry)]
    if foreign:
        shown = ", ".join(foreign[:10]) + (f" and {len(foreign) - 10} more" if len(foreign) > 10 else "")
        raise RefreshError(
            f"corpus {corpus} is not a zhclean corpus (no {MANIFEST}) and holds: {shown}; "
            "choose an empty or new directory for --corpus"
        )
