"""Mistakes a user can make, and what zhclean says about them (issue 9, items 5, 7, 8).

Every user error of every command is one clear line on stderr and exit code 2: no traceback, no failed flow
run. Config files are checked against the default config (their schema): a typo is an error naming it.
"""

from __future__ import annotations

import shlex
import socket
from importlib.metadata import version
from pathlib import Path

import pytest

from cleaners import ConfigError, load_config
from cleaners.config import typed_settings
from flows.refresh import read_manifest
from tests.conftest import EXPECTED, SEEDS, zhclean


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


# Item 5: no user error prints a traceback, in any command ---------------------------------------------------


def _unreadable(path: Path) -> Path:
    """A file that cannot be read even by root: open() works, read() fails with EIO."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to("/proc/self/mem")
    return path


@pytest.fixture
def paths(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text(sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8"))
    (tmp_path / "a_file").write_text("not a directory", encoding="utf-8")
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "thesis.txt").write_text("do not delete", encoding="utf-8")
    (tmp_path / "bad_manifest" / "shards").mkdir(parents=True)
    (tmp_path / "bad_manifest" / "manifest.json").write_text("{", encoding="utf-8")
    (tmp_path / "latin1.toml").write_bytes("[input]\nid_field = 'caf\xe9'\n".encode("latin-1"))
    (tmp_path / "typo.toml").write_text("[junk_chars]\nmax_foreign_runs = 2\n", encoding="utf-8")
    _unreadable(tmp_path / "unreadable.jsonl")
    _unreadable(tmp_path / "only_unreadable" / "x.txt")
    return {"tmp": tmp_path, "src": tmp_path / "src"}


CASES = [
    ("clean {tmp}/nope.jsonl --out {tmp}/out", "input not found: '{tmp}/nope.jsonl'"),
    ("clean {tmp}/unreadable.jsonl --out {tmp}/out", "cannot read input '{tmp}/unreadable.jsonl': Input/output error"),
    ("clean {src} --out {tmp}/out --config {tmp}", "config file {tmp} is a directory"),
    ("clean {src} --out {tmp}/out --config {tmp}/latin1.toml", "config file {tmp}/latin1.toml is not UTF-8 text"),
    ("clean {src} --out {tmp}/out --config {tmp}/typo.toml", "unknown setting [junk_chars] max_foreign_runs"),
    ("clean {src} --out {tmp}/out --format csv", "--format must be one of jsonl, jsonl.zst, parquet, got 'csv'"),
    ("clean {src} --out {tmp}/a_file/out", "cannot create --out {tmp}/a_file/out: {tmp}/a_file is not a directory"),
    ("explain {tmp}/nope.txt", "input not found"),
    ("explain {tmp}/unreadable.jsonl", "cannot read input"),
    ("explain {tmp}/only_unreadable", "x.txt cannot be used: unreadable file: [Errno 5] Input/output error"),
    ("explain {src}/a.txt --config {tmp}/no.toml", "config file not found: {tmp}/no.toml"),
    ("explain {src}/a.txt --id zzz", "no document with id 'zzz'"),
    ("refresh --source {tmp}/no/such/dir --corpus {tmp}/corpus", "source not found: {tmp}/no/such/dir"),
    ("refresh --source {tmp}/typo.toml --corpus {tmp}/corpus", "unsupported source {tmp}/typo.toml"),
    ("refresh --source {src} --corpus {tmp}/corpus --config {tmp}/no.toml", "config file not found"),
    ("refresh --source {src} --corpus {tmp}/corpus --config {tmp}/typo.toml", "unknown setting [junk_chars]"),
    ("refresh --source {src} --corpus {tmp}/a_file", "corpus {tmp}/a_file exists and is not a directory"),
    ("refresh --source {src} --corpus {tmp}/a_file/corpus", "cannot create corpus {tmp}/a_file/corpus"),
    ("refresh --source {src} --corpus {tmp}/foreign", "not a zhclean corpus (no manifest.json) and holds: thesis.txt"),
    ("refresh --source {src} --corpus {tmp}/bad_manifest", "manifest.json cannot be read"),
    ("serve --source {tmp}/no/such/dir --corpus {tmp}/corpus", "source not found"),
    ("serve --source {src} --corpus {tmp}/corpus --config {tmp}/typo.toml", "unknown setting [junk_chars]"),
    ("serve --source {src} --corpus {tmp}/foreign", "not a zhclean corpus"),
    ("serve --source {src} --corpus {tmp}/corpus --cron 'every day'", "--cron 'every day' is not a cron schedule"),
]  # fmt: skip


@pytest.mark.parametrize(("command", "expected"), CASES, ids=[c for c, _ in CASES])
def test_a_user_error_is_one_line_exit_2_and_nothing_started(paths, command: str, expected: str):
    fields = {name: str(path) for name, path in paths.items()}
    args = [a.format(**fields) for a in shlex.split(command)]
    result = zhclean(*args, timeout=120)
    _user_error(result, expected.format(**fields))
    assert result.stderr.strip().count("\n") == 0, result.stderr  # no Prefect log: no flow run started
    tmp = paths["tmp"]
    assert not (tmp / "out").exists() and not (tmp / "corpus").exists() and not (tmp / "a_file").is_dir()
    assert [p.name for p in (tmp / "foreign").iterdir()] == ["thesis.txt"]


def test_ui_on_a_port_taken_by_another_program_is_a_user_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = zhclean("ui", "--port", str(port), timeout=60)
    _user_error(result, f"cannot listen on 127.0.0.1:{port}")


def test_refresh_leaves_out_an_unreadable_input_and_cleans_the_others(prefect_server, paths):
    src, corpus = paths["src"], paths["tmp"] / "corpus"
    _unreadable(src / "broken.txt")
    result = zhclean("refresh", "--source", str(src), "--corpus", str(corpus))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert "1 inputs processed" in result.stdout and "broken.txt cannot be read" in result.stderr
    manifest = read_manifest(corpus)
    assert sorted(manifest["inputs"]) == ["a.txt"]  # the unreadable one is tried again next time


# Item 8: clean_text cleans text; dropping a short document is a corpus decision, said in the result ------------

README_EXAMPLE = "今年𝔍县教育局💃成立局机2/28关党委"
README_SHORT = "今年𝔍县教育局💃"


def test_clean_text_cleans_a_short_text_instead_of_dropping_it():
    from cleaners import clean_text

    # junk characters go; a lone 2/28 stays (page markers are an increasing sequence of them)
    assert clean_text(README_EXAMPLE) == "今年县教育局成立局机2/28关党委"
    assert clean_text("🎉🎉") == ""  # nothing left to keep is still nothing


def test_clean_text_equals_the_chain_on_a_document_the_filter_keeps():
    from cleaners import Pipeline, clean_text

    text = sorted(EXPECTED.glob("*.txt"))[0].read_text(encoding="utf-8")
    assert clean_text(text) == Pipeline().clean_text(text) != ""


def test_clean_document_says_that_the_filter_dropped_a_short_document():
    from cleaners import Document, clean_document

    assert not clean_document(Document.from_text("id-1", README_EXAMPLE)).dropped  # 13 CJK characters: kept
    doc = clean_document(Document.from_text("id-1", README_SHORT))
    assert doc.dropped and doc.text == ""
    last = doc.removals[-1]
    assert (last.kind, last.cleaner, last.line_no) == ("document", "doc_filter", 0)
    assert last.reason == "too little Chinese: 6 CJK characters < 10"
    assert last.text == "今年县教育局"  # what the filter dropped, cleaned
