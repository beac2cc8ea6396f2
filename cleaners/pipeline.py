"""The configured chain of cleaners, callable without Prefect: a string, a document or a small corpus."""

from __future__ import annotations

import operator
import time
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import compress
from pathlib import Path
from typing import Any

from cleaners.base import REGISTRY, Cleaner, Document
from cleaners.boilerplate import LearnedBoilerplate, SiteStats
from cleaners.config import ConfigError, load_config, pattern_loader, setting

_TEXT = operator.attrgetter("text")
Step = Callable[[Cleaner, Document], None]  # runs one cleaner on a document (explain observes the steps)


class Pipeline:
    """Runs the chain in two stages split at the corpus-level cleaner (learned boilerplate)."""

    def __init__(self, cfg: dict[str, Any] | str | Path | None = None) -> None:
        self.cfg = cfg if isinstance(cfg, dict) else load_config(cfg)
        load = pattern_loader(self.cfg)
        chain = self.cfg["pipeline"]["chain"]
        self.cleaners: list[Cleaner] = [REGISTRY[name](self.cfg.get(name, {}), load) for name in chain]
        corpus = [i for i, c in enumerate(self.cleaners) if c.corpus_level]
        if len(corpus) > 1:
            raise ConfigError("pipeline.chain may hold one corpus-level cleaner")
        split = corpus[0] if corpus else len(self.cleaners)
        self.stage1 = self.cleaners[:split]
        self.stage2 = self.cleaners[split:]
        self.boilerplate: LearnedBoilerplate | None = self.cleaners[split] if corpus else None  # type: ignore[assignment]
        self.seconds: Counter[str] = Counter()
        self.max_passes = setting(self.cfg["pipeline"], "max_passes", int, "pipeline")

    def _timed(self, cleaner: Cleaner, doc: Document) -> None:
        started = time.perf_counter()
        cleaner.run(doc)
        self.seconds[cleaner.name] += time.perf_counter() - started

    def _run(self, cleaners: list[Cleaner], doc: Document, step: Step | None = None) -> Document:
        """Run the cleaners, again and again until the document stops changing (at most max_passes).

        One pass is not idempotent: a cleaner's decision can depend on what a later one removes (watermark
        leaves a 103-character line alone as content, pinyin_spam then cuts its tail to 93 characters).
        After the first pass, line-wise cleaners see only the lines the previous pass changed and
        whole-document ones see the document, so a pass that changed nothing costs nothing more.
        """
        step = step or self._timed
        view = doc
        # id(line) -> (pass, cleaner) of its last change. A line-wise cleaner has seen a line as it is now,
        # and left it so, unless the line changed in the previous pass at or after that cleaner, or in this
        # pass: a later pass re-runs it only on such lines (e.g. not watermark on lines width folded).
        changed_at: dict[int, tuple[int, int]] = {}
        # A whole-document cleaner that left the document alone would again while it has not changed since:
        # `version` counts the changes, `idle[i]` is the version whole-document cleaner i last left alone.
        version = 0
        idle: dict[int, int] = {}
        for n in range(self.max_passes):
            before = {id(line): line.text for line in doc.lines}
            dropped = False
            for i, cleaner in enumerate(cleaners):
                if doc.dropped:
                    return doc
                whole = cleaner.whole_document and view is not doc
                if whole:
                    count = len(doc.lines)
                    doc.lines = [line for line in doc.lines if line.text]
                    version += len(doc.lines) != count
                    if idle.get(i) == version:
                        continue
                target = view
                if view is not doc and not whole:
                    since = (n - 1, i)
                    lines = [line for line in view.lines if changed_at.get(id(line), since) >= since]
                    if not lines:
                        continue  # a line-wise cleaner has nothing to do on no lines
                    target = Document(doc.id, lines, doc.source, doc.meta, doc.removals, doc.edits)
                if whole:
                    target = doc
                lines, count = target.lines, len(doc.lines)
                texts = list(map(_TEXT, lines))
                step(cleaner, target)
                # the line-wise cleaners after a whole-document one see only the view: next pass, all see these
                where = (n, len(cleaners) if whole else i)
                moved = False
                for line in compress(lines, map(operator.is_not, map(_TEXT, lines), texts)):
                    changed_at[id(line)] = where
                    moved = True
                if moved or len(doc.lines) != count or doc.dropped:
                    version += 1
                elif cleaner.whole_document:
                    idle[i] = version
                dropped = dropped or (target is not doc and target.dropped)
            count = len(doc.lines)
            doc.lines = [line for line in doc.lines if line.text]
            version += len(doc.lines) != count
            if dropped:
                doc.dropped = True
            changed = [line for line in doc.lines if before.get(id(line)) != line.text]
            if not changed and len(doc.lines) == len(before):
                break
            view = Document(doc.id, changed, doc.source, doc.meta, doc.removals, doc.edits)
        return doc

    def prepare(self, doc: Document, stats: SiteStats | None = None) -> Document:
        """Stage 1: the document cleaners; with `stats`, also collect line statistics for stage 2."""
        self._run(self.stage1, doc)
        if stats is not None and self.boilerplate is not None and not doc.dropped:
            self.boilerplate.collect(doc, stats)
        return doc

    def finish(self, doc: Document) -> Document:
        """Stage 2: learned boilerplate (once fitted) and the cleaners after it."""
        return self._run(self.stage2, doc)

    def clean(self, doc: Document) -> Document:
        return self.finish(self.prepare(doc))

    def run_chain(self, doc: Document, step: Step) -> Document:
        """Both stages (learned boilerplate only if fitted), each cleaner run through `step`."""
        return self._run(self.stage2, self._run(self.stage1, doc, step), step)

    def clean_text(self, text: str, doc_id: str = "text") -> str:
        return self.clean(Document.from_text(doc_id, text)).text

    def fit(self, stats: SiteStats | None) -> dict[int, int]:
        """Learn each site's template lines from the collected statistics (see cleaners.boilerplate)."""
        return self.boilerplate.fit(stats) if self.boilerplate and stats is not None else {}

    def clean_corpus(self, docs: Iterable[Document]) -> list[Document]:
        """Both stages over an in-memory corpus (for small corpora and tests; the flow streams shards)."""
        stats = self.boilerplate.new_stats() if self.boilerplate else None
        prepared = [self.prepare(doc, stats) for doc in docs]
        self.fit(stats)
        return [self.finish(doc) for doc in prepared]
