"""The `zhclean` command line: clean a corpus, explain one document."""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # the command's start as the user waits for it (before the imports below)

import difflib  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Annotated  # noqa: E402

import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.markup import escape  # noqa: E402
from rich.table import Table  # noqa: E402
from rich.text import Text  # noqa: E402


class _Zhclean(typer.Typer):
    """The `zhclean` command. Run as a program (`app()`: the console script, `python -m flows.cli`), a command
    that never imported Prefect ends the process as soon as its output is flushed: tearing down the
    interpreter after the cleaners were loaded (numba, numpy, OpenCC, the patterns) takes another ~0.5-1 s
    on a busy machine, spent after the work is done. With Prefect loaded the process exits normally (its
    log and event workers send what they hold at exit). typer.testing.CliRunner does not come here."""

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except SystemExit as exc:
            if (exc.code is None or isinstance(exc.code, int)) and _nothing_left_to_finish():
                import logging

                logging.shutdown()
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(exc.code or 0)
            raise


def _nothing_left_to_finish() -> bool:
    import threading

    return "prefect" not in sys.modules and threading.active_count() == 1


app = _Zhclean(help="Clean scraped Chinese web documents into a training/search corpus.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)
FORMATS = ("jsonl", "jsonl.zst", "parquet")
SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"  # the embedded default input


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"zhclean {version('zhclean')}")
        except PackageNotFoundError:  # run from a checkout that was never installed
            typer.echo("zhclean (version unknown: the package is not installed)")
        raise typer.Exit()


@app.callback()
def main(
    show_version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit")
    ] = False,
) -> None:
    """Clean scraped Chinese web documents into a training/search corpus."""


def _fail(message: str) -> None:
    """A user error: one line on stderr (never wrapped), exit code 2, no traceback."""
    if _Progress.active is not None:  # its display goes: the error is the one line left
        _Progress.active.stop()
    message = " ".join(message.split())  # "[junk_chars] ..." is text, not markup
    err.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    raise typer.Exit(2)


def _check_creatable(path: Path, option: str) -> None:
    """A directory that does not exist yet must be creatable: its nearest existing ancestor is a directory."""
    parent = path.resolve().parent
    while not os.path.lexists(parent) and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        _fail(f"cannot create {option} {path}: {parent} is not a directory")


@app.command()
def clean(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="Files, directories or globs (.txt, .jsonl[.gz|.zst], .parquet); default: the shipped sample"),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory")] = Path("out"),
    config: Annotated[
        Path | None, typer.Option("--config", "-c", help="TOML overriding config/default.toml")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="documents format: jsonl, jsonl.zst or parquet")
    ] = "jsonl",
    workers: Annotated[
        int, typer.Option(help="Shard tasks in parallel on a local Dask cluster of N processes (a Prefect flow run)")
    ] = 1,
    dask_address: Annotated[
        str | None, typer.Option(help="Run shard tasks on an existing Dask scheduler (a Prefect flow run)")
    ] = None,
    keep_work: Annotated[bool, typer.Option(help="Keep the per-shard work directory after success")] = False,
    index: Annotated[
        str | None,
        typer.Option("--index", help="Persistent dedup index, PATH or redis://host:port/db: dedupe against earlier runs"),
    ] = None,
    prefect: Annotated[
        bool | None,
        typer.Option(
            "--prefect/--no-prefect",
            help="Run as a Prefect flow (its dropped lines in the UI; a temporary server if no API answers), or "
            "in this process without Prefect. Default: a flow run when a Prefect API answers (PREFECT_API_URL, "
            "else a server on 127.0.0.1:4200 such as `zhclean ui`), else without Prefect",
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs")] = False,
) -> None:
    """Clean INPUTS into OUT/: documents, dropped.jsonl, duplicates.jsonl, report.json."""
    inputs = inputs or [str(SAMPLE)]
    if fmt not in FORMATS:
        _fail(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if workers < 1:
        _fail("--workers must be at least 1")
    if prefect is False and (workers > 1 or dask_address):
        _fail("--workers N and --dask-address run shard tasks through Prefect: leave out --no-prefect")
    with _Progress() as progress:  # on a terminal, on screen before the cleaners are loaded (~1-2 s)
        plural = "s" if len(inputs) > 1 else ""
        progress.step(f"cleaning {len(inputs)} input{plural} into {out}: loading the cleaners", terminal_only=True)
        _quiet_prefect(verbose)
        from cleaners import ConfigError, load_config
        from flows.dedup_stage import check_index
        from flows.io import InputError, discover
        from flows.outputs import OutputError, check_outdir
        from flows.shards import pipeline_for

        try:  # fail fast, before any run starts, on anything the user can fix
            cfg = load_config(config)
            pipeline_for(cfg)  # builds every cleaner (a bad value fails here); the run reuses it in this thread
            discover(inputs)
            check_outdir(out.resolve())
            check_index(index, cfg)
        except (ConfigError, InputError, OutputError) as exc:
            _fail(str(exc))
        _check_creatable(out, "--out")
        from flows.runners import choose_backend, run_local, shared_api
        from flows.safety import RunFailed

        backend = choose_backend(prefect, workers > 1 or bool(dask_address))
        progress.step(f"running {backend.note}")
        args = {
            "inputs": list(inputs),
            "out": str(out),
            "config": str(config) if config else None,
            "fmt": fmt,
            "keep_work": keep_work,
            "index": index,
        }
        try:
            if not backend.prefect:
                report = _with_progress(progress, lambda: run_local(**args))
            else:
                if backend.api and not os.environ.get("PREFECT_API_URL"):  # found on the default address
                    os.environ["PREFECT_API_URL"] = backend.api
                with shared_api(0 if dask_address else workers):  # a remote cluster needs a reachable API
                    report = _with_progress(progress, lambda: _run_flow(args, workers, dask_address))
        except RunFailed as exc:  # shards failed, another run holds OUTDIR or the index, index lost, disk full
            _fail(str(exc))
        except OutputError as exc:  # OUTDIR changed during the run (checked again right before the swap)
            _fail(f"{exc}. Nothing was deleted; the cleaned shards are kept: the same command resumes")
    _summary(report, out, time.perf_counter() - STARTED)


class _Progress:
    """What the user sees while a clean runs, from its first second: on a terminal a rich progress display
    (the current step with a spinner, then a bar per stage of shard tasks), erased if the command fails so
    that a user error stays one line; otherwise a line on stderr once the checks passed and when a stage's
    shard tasks are all done."""

    active: _Progress | None = None  # stopped by _fail before it prints

    def __init__(self) -> None:
        self.bar = None
        self.tasks: dict[str, int] = {}

    def __enter__(self) -> _Progress:
        if err.is_terminal:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
            self.bar = Progress(*columns, TimeElapsedColumn(), console=err, transient=True)
            self.current = self.bar.add_task("", total=None)
        _Progress.active = self
        return self

    def __exit__(self, kind: type | None, *rest: object) -> None:
        self.stop(keep=kind is None)

    def stop(self, keep: bool = False) -> None:
        """Stop the display; `keep`: leave the stage bars on screen (a run that finished)."""
        _Progress.active = None
        if self.bar is not None:
            self.bar.live.transient = not keep
            if keep:
                self.bar.update(self.current, visible=False)
            self.bar.stop()
            self.bar = None

    def step(self, text: str, terminal_only: bool = False) -> None:
        if self.bar is not None:
            self.bar.update(self.current, description=escape(text), visible=True)
            if not self.bar.live.is_started:  # drawn at once, with its text
                self.bar.start()
        elif not terminal_only:
            seconds = time.perf_counter() - STARTED
            err.print(f"zhclean: {escape(text)} [{seconds:.1f}s]", soft_wrap=True, highlight=False)

    def shards(self, step: str, done: int, total: int) -> None:
        if self.bar is not None:
            if step not in self.tasks:
                self.bar.update(self.current, visible=False)
                self.tasks[step] = self.bar.add_task(f"{step} shards", total=total)
            self.bar.update(self.tasks[step], completed=done)
        elif done == total:
            self.step(f"{step}: {done}/{total} shards done")


def _with_progress(progress: _Progress, run):
    """Run the clean with the flow's progress hook pointing at `progress`."""
    import flows.clean_flow as cf

    cf.progress_hook = progress.shards
    try:
        return run()
    finally:
        cf.progress_hook = None


def _run_flow(args: dict, workers: int, dask_address: str | None) -> dict:
    import flows.clean_flow as cf
    from flows.runners import task_runner

    return cf.clean_corpus.with_options(task_runner=task_runner(workers, dask_address))(**args)


def _summary(report: dict, out: Path, waited: float) -> None:
    docs, chars = report["documents"], report["characters"]
    table = Table(title=f"zhclean: {out}", show_header=True)
    table.add_column("cleaner")
    table.add_column("lines", justify="right")
    table.add_column("spans", justify="right")
    table.add_column("chars removed", justify="right")
    for name in report["chain"] + ["reader", "dedup"]:
        removed = chars["removed_by_cleaner"].get(name, 0)
        edited = chars["edited_by_normaliser"].get(name, 0)
        if removed or edited:
            label = f"{removed}" if removed else f"({edited} edited)"
            table.add_row(
                name,
                str(report["lines_removed_by_cleaner"].get(name, 0)),
                str(report["spans_removed_by_cleaner"].get(name, 0)),
                label,
            )
    console.print(table)
    console.print(
        f"documents: {docs['in']} in, {docs['out']} out "
        f"({docs['skipped_unusable_input']} unusable input, {docs['dropped_by_filter']} filtered, "
        f"{docs['dropped_as_duplicates']} duplicates); characters: {chars['in']} in, {chars['out_before_dedup']} kept"
    )
    console.print(
        f"took {waited:.1f}s from the start of the command "
        f"(cleaning and writing {report['timings']['stage_seconds'].get('total', 0):.1f}s of it)"
    )
    console.print(f"outputs in {out}/: {', '.join(report['outputs'].values())}, report.json")


@app.command()
def explain(
    file: Annotated[Path, typer.Argument(help="A .txt document, or a .jsonl/.parquet file (see --id)")],
    doc_id: Annotated[
        str | None, typer.Option("--id", help="Which document of a JSONL/Parquet file (default: the first)")
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", "-c")] = None,
    all_lines: Annotated[bool, typer.Option("--all", help="Also print lines no cleaner touched")] = False,
) -> None:
    """Print each line of one document with the cleaners that fired and what they removed."""
    from cleaners import ConfigError, Pipeline
    from cleaners.config import typed_settings
    from cleaners.explain import explain as run_explain
    from flows.io import InputError, ReadContext, discover, plan_shards, read_shard

    try:
        pipeline = Pipeline(config)
        files = discover([str(file)])
    except (ConfigError, InputError) as exc:
        _fail(str(exc))
    inp = typed_settings(pipeline.cfg).input
    ctx = ReadContext(inp.id_field, inp.text_field, inp.max_line_chars)
    doc = None
    for spec in plan_shards(files, 1 << 30, 1 << 62):
        for candidate in read_shard(spec, ctx):
            if doc_id is None or candidate.id == doc_id:
                doc = candidate
                break
        if doc is not None:
            break
    if doc is None:
        _fail(f"no document with id {doc_id!r} in {file}" if doc_id is not None else f"no document in {file}")
    if doc.dropped:  # unusable input (unreadable, empty, malformed): nothing to explain
        _fail(f"{doc.id} cannot be used: " + "; ".join(r.reason for r in doc.removals))
    reports, doc_removals = run_explain(pipeline, doc)
    console.print(f"[bold]{escape(doc.id)}[/] ({len(reports)} lines)")
    for rep in reports:
        if not (rep.removals or rep.edited_by or all_lines):
            continue
        console.print(Text(f"L{rep.no:<4} ", style="dim") + _diff(rep.original, rep.final))
        for r in rep.removals:
            mark = "✗ line" if r.kind == "line" else "✂ span"
            console.print(
                Text(f"      {mark} {r.cleaner}: {r.reason}", style="yellow")
                + Text(f"  {r.text[:80]!r}", style="dim")
            )
        for name in rep.edited_by:
            console.print(Text(f"      ~ edited by {name}", style="cyan"))
    for r in doc_removals:
        console.print(f"[bold red]document dropped[/] by {r.cleaner}: {escape(r.reason)}")


def _diff(original: str, final: str | None) -> Text:
    """The original line with removed parts red and struck through, inserted parts green."""
    if final is None:
        return Text(original, style="red strike")
    out = Text()
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, original, final, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(original[a1:a2])
        if op in ("delete", "replace"):
            out.append(original[a1:a2], style="red strike")
        if op in ("insert", "replace"):
            out.append(final[b1:b2], style="green")
    return out


@app.command()
def refresh(
    source: Annotated[Path, typer.Option(help="Directory (or file) of inputs; only new or changed ones are cleaned")],
    corpus: Annotated[Path, typer.Option(help="Corpus directory: manifest.json, shards/, index/")],
    config: Annotated[Path | None, typer.Option("--config", "-c")] = None,
) -> None:
    """One incremental refresh: clean new/changed inputs, dedupe them against the corpus, append a shard."""
    _quiet_prefect()
    _check_refresh(source, corpus, config)
    from flows.corpus import RefreshError
    from flows.refresh import refresh_corpus
    from flows.safety import RunFailed

    try:
        result = refresh_corpus(str(source), str(corpus), str(config) if config else None)
    except (RefreshError, RunFailed) as exc:  # e.g. another refresh took the corpus since the check
        _fail(str(exc))
    console.print(
        f"generation {result['generation']}: {len(result['processed'])} inputs processed, "
        f"{result['documents']} documents added to {corpus}"
    )
    for rel, why in result.get("unreadable", {}).items():
        err.print(f"[yellow]warning:[/] {escape(rel)} cannot be read ({escape(why)}): left out, tried again next time")


def _check_refresh(source: Path, corpus: Path, config: Path | None) -> None:
    """What `refresh` and `serve` need, checked before any flow run starts (a failed run is not an answer):
    the paths first, before Prefect or the chain is loaded (a typo is answered at once), then the config."""
    from flows.corpus import RefreshError, check_refresh

    try:
        check_refresh(source.resolve(), corpus.resolve())
    except RefreshError as exc:
        _fail(str(exc))
    from cleaners import ConfigError, Pipeline

    try:
        Pipeline(config)  # loads the config and builds every cleaner
    except ConfigError as exc:
        _fail(str(exc))


@app.command()
def serve(
    source: Annotated[Path, typer.Option(help="Directory (or file) of inputs")],
    corpus: Annotated[Path, typer.Option(help="Corpus directory")],
    cron: Annotated[
        str | None, typer.Option(help="Cron schedule of the refresh (default '0 3 * * *' unless --interval)")
    ] = None,
    interval: Annotated[
        float | None, typer.Option(help="Refresh every SECONDS instead of on a cron schedule", min=1)
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", "-c")] = None,
    name: Annotated[str, typer.Option(help="Deployment name")] = "zhclean-refresh",
) -> None:
    """Serve the refresh flow on a schedule (the schedule stays active when this process stops).

    One refresh runs at a time in this process: a scheduled run that comes due while the previous one is
    still going waits for it (a refresh started elsewhere on the same corpus is refused by the corpus lock).
    """
    if cron is not None and interval is not None:
        _fail("give --cron or --interval, not both")
    _quiet_prefect()
    _check_refresh(source, corpus, config)
    if cron is not None:
        from prefect.client.schemas.schedules import CronSchedule
        from pydantic import ValidationError

        try:
            CronSchedule(cron=cron)
        except ValidationError:
            _fail(f"--cron {cron!r} is not a cron schedule (minute hour day month weekday, e.g. '0 3 * * *')")
    from flows.refresh import refresh_corpus

    params = {"source": str(source.resolve()), "corpus": str(corpus.resolve()), "config": str(config.resolve()) if config else None}
    schedule = {"interval": interval} if interval is not None else {"cron": cron or "0 3 * * *"}
    refresh_corpus.serve(name=name, parameters=params, pause_on_shutdown=False, limit=1, **schedule)


def _quiet_prefect(verbose: bool = False) -> None:
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # no network here: no telemetry


@app.command()
def ui(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port of the API and the UI", min=1, max=65535)] = 4200,
) -> None:
    """Start the local Prefect server (API + UI) and print where a run's dropped lines are."""
    from flows.ui import is_healthy, serve_ui

    if not is_healthy(f"http://{host}:{port}/api"):  # else serve_ui points to the server already there
        _check_listen(host, port)

    try:
        code = serve_ui(host, port, typer.echo)  # plain lines: URLs must not be wrapped
    except RuntimeError as exc:
        _fail(str(exc))
    raise typer.Exit(code)


def _check_listen(host: str, port: int) -> None:
    """The server could listen on HOST:PORT (else it would die with a traceback of its own)."""
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            sock.bind(address)
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")


if __name__ == "__main__":
    app()
