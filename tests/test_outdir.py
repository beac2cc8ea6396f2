"""--out replaces only what zhclean wrote itself (issue 9): every OUTDIR holds a manifest of the files zhclean
wrote there, and a directory holding anything else is refused (exit 2, a message naming what is foreign),
before any work and again right before the swap. The runs are the real CLI in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from flows.io import MANIFEST, OutputError, publish_dir, write_manifest
from tests.conftest import SEEDS, read_jsonl, zhclean
from tests.test_cli import siblings

FOREIGN = {  # the case: a project directory that happens to hold a report.json
    "report.json": b'{"grade": "A", "note": "not written by zhclean"}\n',
    "src/main.py": b"print('hello')\n",
    "thesis.docx": b"PK\x03\x04 a thesis, three years of work",
}


@pytest.fixture(scope="module")
def earlier(prefect_server, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output directory written by an earlier zhclean run on the seeds."""
    out = tmp_path_factory.mktemp("earlier") / "out"
    result = zhclean("clean", str(SEEDS), "--out", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def snapshot(path: Path) -> dict[str, bytes]:
    """Every file under `path` (or `path` itself) -> its bytes."""
    if path.is_file():
        return {".": path.read_bytes()}
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def foreign_project(out: Path, earlier: Path) -> None:
    for name, data in FOREIGN.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)


def user_file_in_earlier_output(out: Path, earlier: Path) -> None:
    shutil.copytree(earlier, out)
    (out / "notes.md").write_text("我的笔记: which documents to check again\n", encoding="utf-8")


def changed_file_in_earlier_output(out: Path, earlier: Path) -> None:
    shutil.copytree(earlier, out)
    with (out / "documents.jsonl").open("ab") as fh:
        fh.write(orjson.dumps({"id": "mine", "text": "a document the user added by hand"}) + b"\n")


def outdir_is_a_file(out: Path, earlier: Path) -> None:
    out.write_bytes(b"a file, not a directory\n")


def earlier_output(out: Path, earlier: Path) -> None:
    shutil.copytree(earlier, out)


def empty_dir(out: Path, earlier: Path) -> None:
    out.mkdir()


Setup = Callable[[Path, Path], None]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        pytest.param(
            foreign_project,
            "is not a zhclean output directory (it has no .zhclean-manifest.json) and it holds: "
            "report.json, src, thesis.docx",
            id="foreign-report-json-src-thesis",
        ),
        pytest.param(
            user_file_in_earlier_output,
            "holds files zhclean did not write: notes.md",
            id="user-file-added-to-earlier-output",
        ),
        pytest.param(
            changed_file_in_earlier_output,
            "holds files zhclean did not write: documents.jsonl (changed since zhclean wrote it)",
            id="file-of-earlier-output-changed",
        ),
        pytest.param(outdir_is_a_file, "exists and is not a directory", id="outdir-is-a-file"),
    ],
)
def test_an_outdir_holding_anything_zhclean_did_not_write_is_refused_and_kept(
    earlier: Path, tmp_path: Path, setup: Setup, message: str
):
    out = tmp_path / "target"
    setup(out, earlier)
    before = snapshot(out)

    result = zhclean("clean", str(SEEDS), "--out", str(out))

    assert result.returncode == 2, result.stdout + result.stderr
    assert message in " ".join(result.stderr.split()), result.stderr
    assert snapshot(out) == before  # every file still there, byte for byte
    assert siblings(out) == []  # refused before any work: no work or temporary directory


@pytest.mark.parametrize(
    "setup", [pytest.param(earlier_output, id="earlier-output"), pytest.param(empty_dir, id="empty-dir")]
)
def test_an_earlier_zhclean_output_or_an_empty_dir_is_replaced(earlier: Path, tmp_path: Path, setup: Setup):
    out = tmp_path / "target"
    setup(out, earlier)

    result = zhclean("clean", str(SEEDS), "--out", str(out))

    assert result.returncode == 0, result.stderr[-3000:]
    manifest = orjson.loads((out / MANIFEST).read_bytes())
    files = {p.name: p.stat().st_size for p in out.iterdir() if p.name != MANIFEST}
    assert manifest == {"written_by": "zhclean", "files": files}  # lists exactly what is there
    assert set(files) == {"documents.jsonl", "dropped.jsonl", "duplicates.jsonl", "report.json"}
    assert read_jsonl(out / "documents.jsonl") == read_jsonl(earlier / "documents.jsonl")
    assert siblings(out) == []


def test_a_file_added_during_the_run_is_kept_and_the_run_refused(earlier: Path, tmp_path: Path):
    """The check right before the swap: a file added after the start checks passed is not deleted."""
    config = tmp_path / "one_doc_shards.toml"
    config.write_text("[input]\nshard_docs = 1\n", encoding="utf-8")  # 5 shards: a run that takes a while
    out = tmp_path / "target"
    shutil.copytree(earlier, out)
    args = ["clean", str(SEEDS), "--out", str(out), "--config", str(config)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 240
    while not list(tmp_path.glob(".target.work-*")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)  # the work directory is made after both start checks passed
    assert proc.poll() is None, "the run ended before a file could be added during it"
    (out / "added-during-run.txt").write_bytes(b"mine")
    expected = {**snapshot(earlier), "added-during-run.txt": b"mine"}
    stdout, stderr = proc.communicate(timeout=300)

    assert proc.returncode == 2, stdout + stderr
    assert "holds files zhclean did not write: added-during-run.txt" in " ".join(stderr.split()), stderr
    assert snapshot(out) == expected  # the earlier output is back in place, untouched, with the user's file
    assert [s for s in siblings(out) if ".work-" not in s] == []  # no temporary or renamed-aside directory

    (out / "added-during-run.txt").unlink()  # the user moves the file away: the same command resumes
    rerun = zhclean(*args)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert read_jsonl(out / "documents.jsonl") == read_jsonl(earlier / "documents.jsonl")


def test_publish_dir_puts_the_old_outdir_back_when_a_file_appears_at_the_last_moment(tmp_path, monkeypatch):
    """The same check at the library level, deterministic: the file appears between publish_dir's first
    check and the rename; the check of the renamed-aside directory catches it and renames it back."""
    import flows.io

    old, new = tmp_path / "out", tmp_path / ".out.tmp-1"
    for directory, text in ((old, "old"), (new, "new")):
        directory.mkdir()
        (directory / "documents.jsonl").write_text(text, encoding="utf-8")
        write_manifest(directory)
    real = flows.io.owned_entries
    calls = []

    def check_then_add(directory: Path, shown: Path | None = None) -> list[str]:
        calls.append(directory)
        entries = real(directory, shown)
        if len(calls) == 1:
            (old / "late.txt").write_text("mine", encoding="utf-8")
        return entries

    monkeypatch.setattr(flows.io, "owned_entries", check_then_add)
    with pytest.raises(OutputError, match=f"{old} is a zhclean output directory but holds .*late.txt"):
        publish_dir(new, old)
    assert len(calls) == 2 and calls[1] != old  # the second check was of the renamed-aside directory
    assert {k: v for k, v in snapshot(old).items() if k != MANIFEST} == {
        "documents.jsonl": b"old",
        "late.txt": b"mine",
    }
    assert sorted(os.listdir(tmp_path)) == [".out.tmp-1", "out"]  # nothing left renamed aside

    (old / "late.txt").unlink()
    publish_dir(new, old)
    assert (old / "documents.jsonl").read_text(encoding="utf-8") == "new"
    assert sorted(os.listdir(tmp_path)) == ["out"]
