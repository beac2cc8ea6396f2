"""Mistakes a user can make, and what zhclean says about them (issue 9, items 5, 7, 8).

Every user error of every command is one clear line on stderr and exit code 2: no traceback, no failed flow
run. Config files are checked against the default config (their schema): a typo is an error naming it.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest

from cleaners import ConfigError, load_config
from cleaners.config import typed_settings
from tests.test_cli import zhclean


def _user_error(result, *expected: str) -> str:
    """The one line a user error prints: on stderr, exit code 2, no traceback."""
    err = result.stderr
    assert result.returncode == 2, (result.returncode, result.stdout[-2000:], err[-3000:])
    assert "Traceback" not in err and "│" not in err, err[-3000:]  # neither Python's nor rich's
    line = " ".join(err.split())  # rich wraps long lines at the terminal width
    assert line.startswith("error: ") and line.count("error: ") == 1, err
    for text in expected:
        assert text in line, line
    return line


# Item 7: a typo in a user config is an error naming it; typed settings; --version -----------------------------


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("[junk_chars]\nmax_foreign_runs = 2\n", "unknown setting [junk_chars] max_foreign_runs (did you mean max_foreign_run?)"),
        ("[dedupe]\nenabled = false\n", "unknown section [dedupe] (did you mean [dedup]?)"),
        ("[dedup]\nthreshhold = 0.6\n", "unknown setting [dedup] threshhold (did you mean threshold?)"),
        ("max_passes = 3\n", "unknown setting 'max_passes' outside any section (it belongs in [pipeline])"),
        ("[input]\nshard_docs = 0\n", "[input] shard_docs must be at least 1, got 0"),
        ('[input]\nid_field = ""\n', "[input] id_field must not be empty"),
        ("[dedup]\nthreshold = 1.5\n", "[dedup] threshold must be at most 1.0, got 1.5"),
        ('[dedup]\nkeep_policy = "longest_text"\n', "[dedup] keep_policy 'longest_text' is unknown"),
        ("[dedup]\nbands = 64\n", "[dedup] bands x rows (64 x 4) must fit in num_perm (128)"),
        ('[artifacts]\nsample_rows = "all"\n', "[artifacts] sample_rows must be int, got 'all'"),
        ('[doc_filter]\nmin_cjk_chars = "30"\n', "[doc_filter] min_cjk_chars must be int, got '30'"),
        ('[pipeline]\nchain = ["mojibake", "widht"]\n', "unknown cleaner(s) in pipeline.chain: ['widht'] (did you mean width?)"),
    ],
)  # fmt: skip
def test_a_config_mistake_is_one_line_naming_the_section_and_key(tmp_path, toml: str, expected: str):
    path = _config(tmp_path, toml)
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    message = str(exc.value)
    assert message.startswith(f"{path}: ") and expected in message and "\n" not in message, message
    assert "pydantic" not in message and "errors.pydantic.dev" not in message


def test_the_issue_typos_stop_clean_before_any_work(tmp_path):
    path = _config(tmp_path, "[junk_chars]\nmax_foreign_runs = 2\n\n[dedupe]\nenabled = false\n")
    out = tmp_path / "out"
    result = zhclean("clean", str(tmp_path), "--out", str(out), "--config", str(path))
    _user_error(result, "unknown setting [junk_chars] max_foreign_runs", "unknown section [dedupe]")
    assert not out.exists()


def test_settings_the_default_config_leaves_unset_on_purpose_are_accepted(tmp_path):
    cfg = load_config(_config(tmp_path, "patterns_dir = 'mine'\n[line_classifier]\nthreshold = 0.8\n"))
    assert cfg["line_classifier"]["threshold"] == 0.8
    assert cfg["_paths"]["patterns_dir"] == str((tmp_path / "mine").resolve())


def test_typed_settings_of_the_flow_sections():
    settings = typed_settings(load_config())
    assert settings.input.max_line_chars == 1_000_000 and settings.input.text_field == "text"
    assert settings.pipeline.chain[0] == "mojibake" and settings.pipeline.max_passes >= 1
    assert settings.dedup.keep_policy == "most_complete" and isinstance(settings.dedup.threshold, float)
    assert settings.artifacts.sample_rows > 0
    with pytest.raises(ValueError):  # frozen: settings are read, not changed on the way
        settings.input.max_line_chars = 3  # type: ignore[misc]


def test_version():
    result = zhclean("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"zhclean {version('zhclean')}"
