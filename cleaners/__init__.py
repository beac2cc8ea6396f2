"""zhclean's cleaners: a plain library. `clean_text(s)` cleans a string with the default chain."""

from __future__ import annotations

from functools import cache

from cleaners import (  # noqa: F401 - importing a cleaner module registers it
    boilerplate,
    doc_filter,
    editor_notes,
    heading_lists,
    junk_chars,
    keyword_spam,
    late_chrome,
    line_classifier,
    markup_residue,
    menu_rows,
    mojibake,
    no_words,
    normalize,
    page_markers,
    paywall,
    pinyin_annotations,
    pinyin_spam,
    related_lists,
    repeated_lines,
    search_terms,
    seo_spam,
    title_repeats,
    watermark,
    watermark_spans,
)
from cleaners.base import REGISTRY, Cleaner, Document, Line, Removal, register
from cleaners.config import ConfigError, load_config
from cleaners.decode import decode_bytes
from cleaners.doc_filter import DocFilter
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
    "text_pipeline",
]


@cache
def default_pipeline() -> Pipeline:
    return Pipeline()


@cache
def text_pipeline() -> Pipeline:
    """The default chain without the document filters (cleaners that drop a whole document)."""
    cfg = load_config()
    chain = cfg["pipeline"]["chain"]
    cfg["pipeline"]["chain"] = [name for name in chain if not issubclass(REGISTRY[name], DocFilter)]
    return Pipeline(cfg)


def clean_text(text: str) -> str:
    """Clean one string with the default chain (no corpus statistics, so no learned boilerplate).

    It cleans the text and never drops it: whether a short or mostly non-Chinese document belongs in a corpus
    (`doc_filter`) is the corpus's decision, made by `clean_document`, `Pipeline.clean` and `zhclean clean`.
    """
    return text_pipeline().clean_text(text)


def clean_document(doc: Document) -> Document:
    """Clean one document in place with the default chain, the document filter included; its `removals`
    say what went and why. A document the filter drops has `doc.dropped` set, an empty `doc.text` and, last
    in `doc.removals`, the Removal of kind `document` (cleaner `doc_filter`) that says why and holds its text.
    """
    return default_pipeline().clean(doc)
