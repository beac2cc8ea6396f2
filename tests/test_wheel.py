"""The package works when installed from its wheel, not only from this checkout (issue 9).

What this proves: the wheel built from the sources holds every module of cleaners/ and flows/ (sub-packages
included) and every file of config/; installed into a fresh virtualenv, with neither this checkout nor its
editable install importable, `zhclean clean` run from an unrelated directory without --config reproduces the
seeds' expected outputs, so the code and the default config and patterns it used came from the wheel.

What it does not prove: that the wheel's dependencies resolve from the package index. To stay offline and
quick, the wheel is installed with `--no-deps` and the fresh virtualenv sees the dependencies of this
project's virtualenv through a .pth file (a path added that way is not a site directory: its .pth files,
the editable install's finder among them, are not run). `.ci/run` does the real `pip install WHEEL` into a
fresh virtualenv, dependencies from the index, and runs the CLI on a seed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import orjson
import pytest

from tests.conftest import EXPECTED, ROOT, SEEDS, read_jsonl

SOURCES = ("pyproject.toml", "README.md", "cleaners", "flows", "config")


def _run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: int = 300):
    result = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout
    )
    assert result.returncode == 0, f"{args}:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


def _files(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the wheel built by pip from a copy of the sources, that copy): a build leaves build/ in its source."""
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"
    src.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
            )
        else:
            shutil.copy2(ROOT / name, src / name)
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--disable-pip-version-check",
        "-w",
        base / "dist",
        src,
    )
    (built,) = (base / "dist").glob("zhclean-*.whl")
    return built, src


@pytest.fixture(scope="module")
def installed(wheel: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A fresh virtualenv with the wheel installed, and the environment of a user outside this checkout."""
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    _run(python, "-m", "pip", "install", "--no-deps", "--no-index", "--disable-pip-version-check", wheel[0])
    purelib = Path(
        _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip()
    )
    (purelib / "_zhclean_test_deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    home = tmp_path_factory.mktemp("elsewhere")  # an unrelated working directory
    return {"python": python, "zhclean": env_dir / "bin" / "zhclean", "purelib": purelib, "cwd": home}


def user_env() -> dict[str, str]:
    """This environment (PREFECT_API_URL included, once the server fixture set it) minus what would make the
    checkout or another environment importable."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    return {**env, "PYTHONNOUSERSITE": "1"}


def test_the_wheel_holds_every_module_and_every_config_file(wheel: tuple[Path, Path]):
    built, src = wheel
    names = {n for n in zipfile.ZipFile(built).namelist() if not n.endswith("/")}
    modules = {f"{pkg}/{rel}" for pkg in ("cleaners", "flows") for rel in _files(src / pkg)}
    config = {f"cleaners/_config/{rel}" for rel in _files(src / "config")}
    assert {m for m in modules if m.endswith(".py")} <= names, "modules missing from the wheel"
    assert "cleaners/dedup/__init__.py" in names
    assert config <= names, "config files missing from the wheel"
    assert "cleaners/_config/default.toml" in config and any("/patterns/" in n for n in config)


def test_the_installed_package_imports_from_the_fresh_venv_only(installed: dict):
    code = (
        "import json, sys, cleaners, cleaners.dedup, flows.cli, cleaners.config as c;"
        "print(json.dumps([cleaners.__file__, cleaners.dedup.__file__, flows.cli.__file__, str(c.CONFIG_DIR), sys.path]))"
    )
    result = _run(installed["python"], "-c", code, cwd=installed["cwd"], env=user_env())
    *files, config_dir, path = orjson.loads(result.stdout)
    purelib = str(installed["purelib"])
    assert all(f.startswith(purelib) for f in files), files
    assert config_dir == f"{purelib}/cleaners/_config"
    assert not any(p.startswith(str(ROOT)) and not p.startswith(str(ROOT / ".venv")) for p in path), path


def test_zhclean_clean_runs_from_another_directory_with_the_shipped_config(installed: dict, prefect_server):
    cwd: Path = installed["cwd"]
    shutil.copytree(SEEDS, cwd / "seeds")  # the inputs, not even in the checkout
    # no --config; PREFECT_API_URL: the test server (prefect_server), as for the other CLI tests
    result = _run(
        installed["zhclean"], "clean", "seeds", "--out", "out", cwd=cwd, env=user_env(), timeout=600
    )
    rows = {r["id"]: r for r in read_jsonl(cwd / "out" / "documents.jsonl")}
    assert sorted(rows) == sorted(p.stem for p in SEEDS.glob("*.txt")), result.stdout
    for seed, row in rows.items():  # the spec: only the default config and patterns shipped give these
        assert row["text"] == (EXPECTED / f"{seed}.txt").read_text(encoding="utf-8").rstrip("\n"), seed
    report = orjson.loads((cwd / "out" / "report.json").read_bytes())
    assert report["documents"]["in"] == 5 and report["documents"]["out"] == 5
