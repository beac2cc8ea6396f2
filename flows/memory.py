"""Peak resident memory of the flow process per stage: report.json `timings.stage_peak_rss_mb`."""

from __future__ import annotations

import contextlib
import resource
import sys
from pathlib import Path

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _vm_hwm_kib() -> int:
    for line in _STATUS.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise ValueError("no VmHWM in /proc/self/status")


def stage_peak_rss_mb() -> float:
    """This process's peak RSS in MB since the previous call, then the peak is reset (Linux: VmHWM, reset by
    writing 5 to /proc/self/clear_refs). Where that is impossible: the peak since the process started."""
    try:
        peak_kib = _vm_hwm_kib()
    except (OSError, ValueError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
        return round(peak / (1 << 20 if sys.platform == "darwin" else 1 << 10), 1)
    with contextlib.suppress(OSError):  # not resettable here: the next figure is the peak so far
        _CLEAR_REFS.write_text("5")
    return round(peak_kib / 1024, 1)
