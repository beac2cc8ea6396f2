"""Remove site furniture the line classifier has already seen: chrome patterns matched after it judged the page."""

from __future__ import annotations

from cleaners.base import register
from cleaners.watermark import Watermark


@register
class LateChrome(Watermark):
    """Drop a short line that matches a furniture pattern, after `line_classifier`: the model decides a line with
    its neighbours, and a line a pattern names is a neighbour that tells it where a page's furniture is."""

    name = "late_chrome"
    what = "site furniture"
