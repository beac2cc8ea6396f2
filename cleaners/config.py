"""Load the chain and its settings from TOML, and pattern lists from config/patterns/."""

from __future__ import annotations

import copy
import difflib
import hashlib
import importlib.util
import json
import re
import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator


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
    except IsADirectoryError:
        raise ConfigError(f"config file {path} is a directory, not a TOML file") from None
    except OSError as exc:
        raise ConfigError(f"config file {path} cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config file {path} is not UTF-8 text: {exc.reason} at byte {exc.start}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None


def load_config(path: str | Path | None = None) -> dict[str, Any]:
    """The default config, overlaid with the user's file (only the keys it sets change).

    The default config is the schema: a section or setting of the user's file that it does not have is an
    error naming it (see `check_known`); the sections read by the flow are typed (`typed_settings`).
    """
    cfg = _read_toml(DEFAULT_CONFIG)
    patterns_dir = CONFIG_DIR / "patterns"
    if path is not None:
        user = _read_toml(Path(path))
        check_known(user, cfg, str(path))
        if "patterns_dir" in user:  # relative to the user's config file
            patterns_dir = (Path(path).parent / str(user["patterns_dir"])).resolve()
        cfg = _merge(cfg, user)
    cfg["_paths"] = {"patterns_dir": str(patterns_dir)}
    try:
        validate(cfg)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}" if path is not None else str(exc)) from None
    return cfg


# Settings a cleaner reads that the default config leaves unset on purpose (the cleaner has its own default).
OPTIONAL_SETTINGS: dict[str, frozenset[str]] = {
    "line_classifier": frozenset({"threshold"}),  # else the threshold stored with the model
}
TOP_LEVEL_SETTINGS = frozenset({"patterns_dir"})


def _did_you_mean(word: str, candidates: Iterable[str], template: str = "{}") -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean {template.format(close[0])}?)" if close else ""


def _type_name(value: Any) -> str:
    return type(value).__name__


def check_known(user: dict[str, Any], defaults: dict[str, Any], source: str) -> None:
    """Every section and setting of a user config must exist in the default config (its schema), or be a
    registered cleaner's section (a cleaner added with `register` that the default config does not know).
    A setting the default config has must keep its TOML type (an int is accepted for a float)."""
    from cleaners.base import REGISTRY  # local: the registry fills as cleaner modules import

    sections = set(defaults) | set(REGISTRY)
    problems: list[str] = []
    for name, table in user.items():
        if not isinstance(table, dict):
            if name in sections:
                problems.append(f"[{name}] must be a table of settings, got {table!r}")
            elif name not in TOP_LEVEL_SETTINGS:
                hint = _did_you_mean(name, TOP_LEVEL_SETTINGS)
                if not hint and any(name in s for s in defaults.values() if isinstance(s, dict)):
                    owners = sorted(s for s, t in defaults.items() if isinstance(t, dict) and name in t)
                    hint = f" (it belongs in [{owners[0]}])"
                problems.append(f"unknown setting {name!r} outside any section{hint}")
            continue
        if name not in sections:
            problems.append(f"unknown section [{name}]{_did_you_mean(name, sections, '[{}]')}")
            continue
        known = defaults.get(name)
        if not isinstance(known, dict):
            continue  # a registered cleaner without default settings: its settings are its own business
        allowed = set(known) | OPTIONAL_SETTINGS.get(name, frozenset())
        for key, value in table.items():
            if key not in allowed:
                problems.append(f"unknown setting [{name}] {key}{_did_you_mean(key, allowed)}")
            elif key in known and name not in TYPED_SECTIONS and not _same_type(known[key], value):
                problems.append(f"[{name}] {key} must be {_type_name(known[key])}, got {value!r}")
    if problems:
        raise ConfigError(f"{source}: " + "; ".join(problems))


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, int | float)
    return isinstance(value, type(default))


# Typed settings of the sections the flow reads (the cleaners' sections are checked by each cleaner) ----------


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


PositiveInt = Annotated[int, Field(ge=1)]
Share = Annotated[float, Field(gt=0, le=1)]
NonEmpty = Annotated[str, Field(min_length=1)]


class PipelineSettings(_Section):
    chain: list[str]
    max_passes: PositiveInt

    @field_validator("chain")
    @classmethod
    def _registered(cls, chain: list[str]) -> list[str]:
        from cleaners.base import REGISTRY

        unknown = [n for n in chain if n not in REGISTRY]
        if unknown:
            hints = "".join(_did_you_mean(n, REGISTRY) for n in unknown)
            raise ValueError(
                f"unknown cleaner(s) in pipeline.chain: {unknown}{hints}; known: {sorted(REGISTRY)}"
            )
        return chain


class InputSettings(_Section):
    id_field: NonEmpty
    text_field: NonEmpty
    max_line_chars: PositiveInt
    shard_bytes: PositiveInt
    shard_docs: PositiveInt


class DedupSettings(_Section):
    enabled: bool
    shingle_size: PositiveInt
    min_chars: Annotated[int, Field(ge=0)]
    num_perm: PositiveInt
    seed: int
    bands: Annotated[int, Field(ge=2)]
    rows: PositiveInt
    head_share: Share
    threshold: Share
    containment_threshold: Share
    containment_min_samples: PositiveInt
    max_bucket: Annotated[int, Field(ge=2)]
    keep_policy: str
    index: str

    @field_validator("keep_policy")
    @classmethod
    def _known_policy(cls, name: str) -> str:
        from cleaners.dedup.policy import POLICIES

        if name not in POLICIES:
            raise ValueError(
                f"[dedup] keep_policy {name!r} is unknown{_did_you_mean(name, POLICIES)}; known: {sorted(POLICIES)}"
            )
        return name

    @model_validator(mode="after")
    def _bands_fit(self) -> DedupSettings:
        if self.bands * self.rows > self.num_perm:
            raise ValueError(
                f"[dedup] bands x rows ({self.bands} x {self.rows}) must fit in num_perm ({self.num_perm})"
            )
        return self


class ArtifactsSettings(_Section):
    sample_rows: Annotated[int, Field(ge=0)]


class Settings(_Section):
    """The typed sections of a loaded config: `typed_settings(cfg).input.max_line_chars`."""

    pipeline: PipelineSettings
    input: InputSettings
    dedup: DedupSettings
    artifacts: ArtifactsSettings


TYPED_SECTIONS = tuple(Settings.model_fields)
_KINDS = {
    "int_type": "int", "int_parsing": "int", "float_type": "float", "float_parsing": "float",
    "string_type": "str", "bool_type": "bool", "list_type": "list",
}  # fmt: skip


def _one_line(error: Any) -> str:
    """A pydantic error as zhclean says it: `[input] shard_docs must be at least 1, got 0`."""
    loc, kind, value, ctx = error["loc"], error["type"], error.get("input"), error.get("ctx", {})
    section = loc[0]
    where = f"[{section}] {loc[1]}" if len(loc) > 1 else f"[{section}]"
    where += "".join(f"[{i}]" for i in loc[2:])
    if kind == "value_error":
        return str(ctx["error"])
    if kind == "missing":
        if len(loc) == 1:
            return f"missing section [{section}]"
        return f"[{section}] is missing the setting {loc[1]!r}"
    if kind in ("model_type", "dict_type") and len(loc) == 1:
        return f"[{section}] must be a table of settings, got {value!r}"
    if kind in _KINDS:
        return f"{where} must be {_KINDS[kind]}, got {value!r}"
    if kind == "greater_than_equal":
        return f"{where} must be at least {ctx['ge']}, got {value!r}"
    if kind == "greater_than":
        return f"{where} must be greater than {ctx['gt']}, got {value!r}"
    if kind == "less_than_equal":
        return f"{where} must be at most {ctx['le']}, got {value!r}"
    if kind == "string_too_short":
        return f"{where} must not be empty"
    if kind == "extra_forbidden":
        return f"unknown setting {where}"
    return f"{where}: {error['msg']}"


def typed_settings(cfg: dict[str, Any]) -> Settings:
    """The typed settings of a config dict; ConfigError (one line naming each bad key) if they do not fit."""
    try:
        return Settings.model_validate({name: cfg.get(name) for name in TYPED_SECTIONS})
    except ValidationError as exc:
        raise ConfigError("; ".join(_one_line(e) for e in exc.errors())) from None


def validate(cfg: dict[str, Any]) -> None:
    """Check a merged config: the typed sections, and each cleaner's section is a table."""
    typed_settings(cfg)
    for name in cfg["pipeline"]["chain"]:
        if not isinstance(cfg.get(name, {}), dict):
            raise ConfigError(f"[{name}] must be a table of settings")


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


def longest_term(terms: Iterable[str]) -> str:
    """A `re` pattern that matches, at each position, the longest of `terms` starting there: what the
    alternation of them sorted longest first matches, laid out as a trie (`首页|首页面` -> `首页(?:面)?`), so
    that `re` follows one branch a character instead of trying every term (1.8x faster on the page
    vocabulary). Only for text matched without flags: a trie's branches differ by one exact character."""
    root: dict[str, dict] = {}
    for term in terms:
        node = root
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # a term ends here: longer ones first (greedy)

    return build(root)
