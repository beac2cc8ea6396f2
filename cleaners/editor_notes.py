"""Remove lines in which the site speaks about the page: content-farm introductions and a site's terms."""

from __future__ import annotations

from cleaners.base import register
from cleaners.watermark import Watermark


@register
class EditorNotes(Watermark):
    """Drop a whole line (up to its own, longer limit) that is the site's note about the page, not the text:
    "下面是小编为大家整理的…,供大家参考", "本站不保证下载资源的准确性…"."""

    name = "editor_notes"
    what = "the site's note about the page"
