"""The `[dedup]` settings as a checked, immutable object."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from cleaners.config import ConfigError, setting


@dataclass(frozen=True)
class DedupParams:
    """Every knob of the dedup stage; `from_config` reads and checks them from `cfg["dedup"]`."""

    enabled: bool = True
    shingle_size: int = 5
    min_chars: int = 20
    num_perm: int = 128
    seed: int = 1
    bands: int = 32
    rows: int = 4
    head_share: float = 0.35
    threshold: float = 0.5
    containment_threshold: float = 0.8
    containment_min_samples: int = 12
    max_bucket: int = 64
    keep_policy: str = "most_complete"
    index: str = ""

    @classmethod
    def from_config(cls, cfg: dict[str, Any]) -> DedupParams:
        section = cfg.get("dedup", {})
        kinds = {name: type(value) for name, value in asdict(cls()).items()}
        values = {name: setting(section, name, kind, "dedup") for name, kind in kinds.items() if name in section}
        params = cls(**values)
        params.check()
        return params

    def check(self) -> None:
        problems = []
        if self.shingle_size < 1:
            problems.append("shingle_size must be >= 1")
        if self.bands < 2 or self.rows < 1 or self.bands * self.rows > self.num_perm:
            problems.append(f"bands x rows ({self.bands} x {self.rows}) must fit in num_perm ({self.num_perm})")
        for name in ("head_share", "threshold", "containment_threshold"):
            if not 0.0 < getattr(self, name) <= 1.0:
                problems.append(f"{name} must be in (0, 1]")
        if self.max_bucket < 2:
            problems.append("max_bucket must be >= 2")
        if problems:
            raise ConfigError("[dedup] " + "; ".join(problems))

    @property
    def shortest(self) -> int:
        """Documents with fewer normalised characters are left out (never dropped, never indexed)."""
        return max(self.min_chars, self.shingle_size + 1)

    def signature_key(self) -> dict[str, Any]:
        """The settings a stored signature depends on: an index built under others cannot be reused."""
        return {"shingle_size": self.shingle_size, "num_perm": self.num_perm, "seed": self.seed,
                "head_share": self.head_share, "scheme": "affine32", "hash": "poly-fmix64/v1"}
