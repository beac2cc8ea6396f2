"""A bounded sample of the dropped rows, for the Prefect UI's tables: per cleaner the first rows, the total
and reason counts. Prefect-free: each shard's finish step (flows.shards) builds its shard's sample while it
writes the ledger, and the flow (flows.artifacts) merges the samples in shard order, without reading the
ledgers again.
"""

from __future__ import annotations

import pickle
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import orjson

from flows.io import write_atomic

MAX_RAW_REASONS = 50_000  # distinct reasons counted as written
MAX_REASONS = 5000  # reason groups counted past that; later new ones are counted as "(other reasons)"
OTHER_REASONS = "(other reasons)"
DEFAULT_SAMPLE_ROWS = 200


def sample_rows(cfg: dict[str, Any]) -> int:
    """`[artifacts] sample_rows`: the rows a dropped-lines table holds."""
    return int(cfg.get("artifacts", {}).get("sample_rows", DEFAULT_SAMPLE_ROWS))


_REGEX_RULE = re.compile(r"(?P<why>.*?): (?P<rule>/.*/)", re.S)  # watermark: "site chrome (group): /regex/"
_EVIDENCE = re.compile(r"(?P<why>line classifier: p\(noise\)=[\d.]+) \((?P<rule>.*)\)", re.S)


def split_reason(reason: str) -> tuple[str, str]:
    """A removal's reason in words, and the rule behind it: the regex that matched (watermark), the
    features that decided (line classifier); no rule for the others, whose reason says it all."""
    for form in (_REGEX_RULE, _EVIDENCE):
        if m := form.fullmatch(reason):
            return m["why"], m["rule"]
    return reason, ""


_NUMBER = re.compile(r"(?<![\w+])\d+(?!\w)")


def _reason_group(reason: str) -> str:
    """Reasons count together when their words differ only in numbers ('pinyin spam line (63/63 …)', not
    U+1F483), whatever their rule (every pattern of 'site chrome (navigation)')."""
    return _NUMBER.sub("N", split_reason(reason)[0])


@dataclass
class DroppedSample:
    """Per cleaner: the first `limit` rows of the ledger (with the index of the shard each came from),
    the total number of rows, and reason counts.

    Reasons are counted as written (cheap) up to MAX_RAW_REASONS distinct ones, grouped at the end;
    past that, grouped as they come, at most MAX_REASONS groups: memory stays bounded either way.

    A run's sample is the merge (`merge`, in shard order) of its shards' samples, each built by `add` on
    the shard's rows in ledger order. It equals the sample `add` would build on every row of the run in
    order (rows, shard_of, totals, and the reason counts as written and grouped) unless one shard alone has
    more than MAX_RAW_REASONS distinct (cleaner, reason) pairs. Then rows, shard_of and totals still do,
    the grouped counts still sum to the totals, and each group's count still does as long as no
    MAX_REASONS cap is reached (in that shard's sample, in the merge or in the sequential count); past a
    cap, which groups are folded into "(other reasons)" may differ: that shard's rows counted past its raw
    cap are merged after its other rows, so their groups claim the capped slots later than they would in
    ledger order, and a group the shard folded into "(other reasons)" stays there. The merge is
    deterministic either way (the shards' samples are, and they are merged in shard order).
    """

    limit: int
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    shard_of: dict[str, list[int]] = field(default_factory=dict)
    totals: Counter[str] = field(default_factory=Counter)
    raw: Counter[tuple[str, str]] = field(default_factory=Counter)
    overflow: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, row: dict[str, Any], shard: int = 0) -> None:
        cleaner, reason = row["cleaner"], row["reason"]
        self.totals[cleaner] += 1
        if self.totals[cleaner] <= self.limit:
            self.rows.setdefault(cleaner, []).append(row)
            self.shard_of.setdefault(cleaner, []).append(shard)
        key = (cleaner, reason)
        if key in self.raw or len(self.raw) < MAX_RAW_REASONS:
            self.raw[key] += 1
            return
        self._count_group(cleaner, _reason_group(reason), 1)

    def _count_group(self, cleaner: str, group: str, n: int) -> None:
        key = (cleaner, group)
        if key not in self.overflow and len(self.overflow) >= MAX_REASONS:
            key = (cleaner, OTHER_REASONS)
        self.overflow[key] += n

    def merge(self, other: DroppedSample) -> None:
        """Add `other`, the sample of the rows that follow this one's (the next shard's): see the class.

        A reason's rows all land where its first row did (counted as written, in a group, or in "(other
        reasons)"), and a sample's counters list the reasons in the order they first came: so the reasons
        of `other` counted as written, added in that order with their counts, land where `add` would have
        put each of their rows."""
        if other.limit < self.limit and any(other.totals[c] > len(r) for c, r in other.rows.items()):
            raise ValueError(f"a sample of {other.limit} rows a cleaner cannot fill one of {self.limit}")
        self.__dict__.pop("grouped", None)
        for cleaner, rows in other.rows.items():
            room = self.limit - min(self.totals[cleaner], self.limit)
            if room > 0:
                self.rows.setdefault(cleaner, []).extend(rows[:room])
                self.shard_of.setdefault(cleaner, []).extend(other.shard_of[cleaner][:room])
        self.totals.update(other.totals)
        for (cleaner, reason), n in other.raw.items():
            if (cleaner, reason) in self.raw or len(self.raw) < MAX_RAW_REASONS:
                self.raw[(cleaner, reason)] += n
            else:
                self._count_group(cleaner, _reason_group(reason), n)
        for (cleaner, group), n in other.overflow.items():
            self._count_group(cleaner, group, n)

    @cached_property
    def grouped(self) -> Counter[tuple[str, str]]:
        """Reason counts by (cleaner, reason group); read once every row is added."""
        grouped = Counter(self.overflow)
        for (c, r), k in self.raw.items():
            grouped[(c, _reason_group(r))] += k
        return grouped

    def top_reasons(self, cleaner: str | None = None, n: int = 10) -> list[tuple[str, str, int]]:
        hits = ((c, r, k) for (c, r), k in self.grouped.items() if cleaner is None or c == cleaner)
        return sorted(hits, key=lambda h: (-h[2], h[0], h[1]))[:n]

    def spans(self) -> Iterable[tuple[int, dict[str, Any]]]:
        """(shard index, row) of every sampled span removal."""
        for cleaner, rows in self.rows.items():
            for shard, row in zip(self.shard_of[cleaner], rows, strict=True):
                if row["kind"] == "span":
                    yield shard, row

    def save(self, path: Path) -> None:
        """Written atomically (a temporary sibling, then a rename): the file is whole or absent."""
        self.__dict__.pop("grouped", None)
        write_atomic(path, pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))

    @staticmethod
    def load(path: Path) -> DroppedSample:
        sample = pickle.loads(path.read_bytes())
        if not isinstance(sample, DroppedSample):
            raise TypeError(f"{path} holds no dropped-rows sample")
        return sample


def merge_samples(samples: Iterable[DroppedSample], limit: int) -> DroppedSample:
    """The run's sample from its shards' samples, given in shard order (loaded one at a time if lazy)."""
    merged = DroppedSample(limit)
    for sample in samples:
        merged.merge(sample)
    return merged


def sample_dropped(ledgers: Iterable[Path | tuple[int, Path]], limit: int) -> DroppedSample:
    """The sample read from ledger files (in shard order), one row at a time; a ledger may come with its
    shard's index. The flow merges the samples its shards saved instead (no ledger is parsed again)."""
    sample = DroppedSample(limit)
    for n, item in enumerate(ledgers):
        shard, path = item if isinstance(item, tuple) else (n, item)
        with open(path, "rb") as fh:
            for raw in fh:
                sample.add(orjson.loads(raw), shard)
    return sample
