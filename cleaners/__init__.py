"""zhclean's cleaners: a plain library. `clean_text(s)` cleans a string with the default chain."""

from __future__ import annotations

from functools import cache

from cleaners import (  # noqa: F401 - importing a cleaner module registers it
    boilerplate,
    doc_filter,
    junk_chars,
    line_classifier,
    mojibake,
    no_words,
    normalize,
    page_markers,
    paywall,
    pinyin_annotations,
    pinyin_spam,
    related_lists,
    seo_spam,
    title_repeats,
    watermark,
    watermark_spans,
)
from cleaners.base import REGISTRY, Cleaner, Document, Line, Removal, register
from cleaners.config import ConfigError, load_config
from cleaners.decode import decode_bytes
from cleaners.pipeline import Pipeline

__all__ = [
    "REGISTRY",
    "Cleaner",
    "ConfigError",
    "Document",
    "Line",
    "Pipeline",
    "Removal",
    "clean_document",
    "clean_text",
    "decode_bytes",
    "default_pipeline",
    "load_config",
    "register",
]


@cache
def default_pipeline() -> Pipeline:
    return Pipeline()


def clean_text(text: str) -> str:
    """Clean one string with the default chain (no corpus statistics, so no learned boilerplate)."""
    return default_pipeline().clean_text(text)


def clean_document(doc: Document) -> Document:
    """Clean one document in place with the default chain; its `removals` say what went and why."""
    return default_pipeline().clean(doc)
