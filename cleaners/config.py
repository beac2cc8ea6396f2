"""Load the chain and its settings from TOML, and pattern lists from config/patterns/."""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import json
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import regex


def _config_dir() -> Path:
    """The shipped config/: the data package `cleaners._config` of an installed wheel (or of an editable
    install made from this pyproject.toml), else the repository's config/ beside cleaners/ (a source checkout,
    or an editable install made before config/ was mapped to that package)."""
    spec = importlib.util.find_spec("cleaners._config")
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (Path(location) / "default.toml").is_file():
            return Path(location).resolve()
    return Path(__file__).resolve().parent.parent / "config"


CONFIG_DIR = _config_dir()
DEFAULT_CONFIG = CONFIG_DIR / "default.toml"


class ConfigError(ValueError):
    """A configuration file or value that cannot be used; the message says which and why."""


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None


def load_config(path: str | Path | None = None) -> dict[str, Any]:
    """The default config, overlaid with the user's file (only the keys it sets change)."""
    cfg = _read_toml(DEFAULT_CONFIG)
    patterns_dir = CONFIG_DIR / "patterns"
    if path is not None:
        user = _read_toml(Path(path))
        if "patterns_dir" in user:  # relative to the user's config file
            patterns_dir = (Path(path).parent / str(user["patterns_dir"])).resolve()
        cfg = _merge(cfg, user)
    cfg["_paths"] = {"patterns_dir": str(patterns_dir)}
    validate(cfg)
    return cfg


def validate(cfg: dict[str, Any]) -> None:
    from cleaners.base import REGISTRY  # local: the registry fills as cleaner modules import

    chain = cfg.get("pipeline", {}).get("chain")
    if not isinstance(chain, list) or not all(isinstance(n, str) for n in chain):
        raise ConfigError("pipeline.chain must be a list of cleaner names")
    unknown = [n for n in chain if n not in REGISTRY]
    if unknown:
        raise ConfigError(f"unknown cleaner(s) in pipeline.chain: {unknown}; known: {sorted(REGISTRY)}")
    for name in chain:
        section = cfg.get(name, {})
        if not isinstance(section, dict):
            raise ConfigError(f"[{name}] must be a table of settings")
    inp = cfg.get("input", {})
    for key in ("id_field", "text_field"):
        if not setting(inp, key, str, "input"):
            raise ConfigError(f"[input] {key} must not be empty")
    for key in ("max_line_chars", "shard_docs", "shard_bytes"):
        if (key in inp or key != "shard_bytes") and setting(inp, key, int, "input") < 1:
            raise ConfigError(f"[input] {key} must be at least 1, got {inp[key]!r}")


def config_hash(cfg: dict[str, Any]) -> str:
    """A short stable hash of the settings and pattern files: work done under another config is not reused."""
    digest = hashlib.sha256(json.dumps(cfg, sort_keys=True, default=str).encode())
    patterns_dir = Path(cfg["_paths"]["patterns_dir"])
    for file in sorted(patterns_dir.glob("*.txt")):
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def setting(section: dict[str, Any], key: str, kind: type, name: str) -> Any:
    """Read a required setting and check its type, with an error naming the key."""
    if key not in section:
        raise ConfigError(f"[{name}] is missing the setting {key!r}")
    value = section[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigError(f"[{name}] {key} must be {kind.__name__}, got {value!r}")
    return value


@cache
def _pattern_lines(path: str) -> tuple[tuple[str, str], ...]:
    """(pattern, label) pairs; the label is the latest `# --- label: examples` header above the pattern."""
    out, label = [], ""
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        text = raw.strip()
        if text.startswith("# ---"):
            label = text.removeprefix("# ---").split(":")[0].strip()
        elif text and not text.startswith("#"):
            out.append((text, label))
    return tuple(out)


class PatternFiles:
    """Reads pattern files by name: one pattern a line, `#` lines are comments; a file missing from the
    user's `patterns_dir` falls back to the shipped one."""

    def __init__(self, base: Path) -> None:
        self.base = base

    def _path(self, filename: str) -> Path:
        path = Path(filename) if Path(filename).is_absolute() else self.base / filename
        if not path.exists():
            path = CONFIG_DIR / "patterns" / filename
        if not path.exists():
            raise ConfigError(f"pattern file not found: {filename} (looked in {self.base})")
        return path

    def __call__(self, filename: str) -> list[str]:
        return [text for text, _ in _pattern_lines(str(self._path(filename)))]

    def labelled(self, filename: str) -> list[tuple[str, str]]:
        """(pattern, label of its `# --- ` group) pairs, for reasons a user can read."""
        return list(_pattern_lines(str(self._path(filename))))


def pattern_loader(cfg: dict[str, Any]) -> PatternFiles:
    return PatternFiles(Path(cfg["_paths"]["patterns_dir"]))


def compile_patterns(lines: list[str], source: str) -> list[regex.Pattern[str]]:
    compiled = []
    for text in lines:
        try:
            compiled.append(regex.compile(text))
        except regex.error as exc:
            raise ConfigError(f"bad pattern in {source}: {text!r}: {exc}") from None
    return compiled


def compile_labelled(patterns: PatternFiles, file: str) -> tuple[list[regex.Pattern[str]], dict[str, str]]:
    """A pattern file compiled, and the `# --- ` group label of each pattern (keyed by its text)."""
    labelled = patterns.labelled(file)
    compiled = compile_patterns([text for text, _ in labelled], file)
    return compiled, {p.pattern: label for p, (_, label) in zip(compiled, labelled, strict=True)}
