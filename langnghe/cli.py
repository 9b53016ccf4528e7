"""The ``langnghe`` command. Each sub-command is a thin shell over a stage or a job.

User errors (:class:`~langnghe.errors.LangngheError`) print one line and exit 2;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import logging
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Optional
from zoneinfo import ZoneInfo

import typer
from rich.console import Console

from langnghe.errors import LangngheError
from langnghe.settings import Settings, load_settings

app = typer.Typer(
    name="langnghe",
    help="Social listening for Vietnamese public opinion: crawl, understand, index, report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)
out = Console()

DataDir = Annotated[Optional[Path], typer.Option("--data-dir", help="Data folder (env LANGNGHE_DATA_DIR).")]
ConfigDir = Annotated[Optional[Path], typer.Option("--config-dir", help="Config folder (env LANGNGHE_CONFIG_DIR).")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Log debug details.")]


def _settings(data_dir: Path | None = None, config_dir: Path | None = None, verbose: bool = False) -> Settings:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    return load_settings(data_dir=data_dir, config_dir=config_dir)


def _parse_day(value: str | None, tz: str) -> date:
    if value is None:
        return datetime.now(ZoneInfo(tz)).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise LangngheError(f"--day: expected a date as YYYY-MM-DD, got {value!r}") from None


@app.command()
def demo(
    data_dir: DataDir = None,
    end_date: Annotated[
        Optional[str], typer.Option(help="Last day of the demo's 14 days (YYYY-MM-DD); default: yesterday.")
    ] = None,
    verbose: Verbose = False,
) -> None:
    """Serve the bundled demo site on loopback, crawl, enrich, index, summarise and write a digest."""
    from langnghe.pipeline.demo import run_demo
    from langnghe.pipeline.render import print_summary

    settings = _settings(data_dir, None, verbose)
    last = date.fromisoformat(end_date) if end_date else None
    result = run_demo(settings, end_date=last, console=console)
    print_summary(out, result.summary, title="langnghe demo: what the embedded index holds")
    out.print(f"Crawl: {result.crawl_line}")
    out.print(f"Enrich: {result.enrich_line}")
    out.print(f"Demo run time: {result.seconds:.1f} s")
    out.print(f"Daily digest (HTML): [bold]{result.digest_path}[/bold]")


@app.command()
def crawl(
    source: Annotated[Optional[list[str]], typer.Option("--source", "-s", help="Only these source ids.")] = None,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
    verbose: Verbose = False,
) -> None:
    """Crawl the enabled sources of config/sources.yaml into the durable queue."""
    from langnghe.config import load_config
    from langnghe.pipeline.jobs import crawl_sources

    settings = _settings(data_dir, config_dir, verbose)
    config = load_config(settings.config_dir)
    chosen = [config.source(s) for s in source] if source else [s for s in config.sources if s.enabled]
    report = crawl_sources(chosen, settings, console=console)
    out.print(report.summary_line())
    if not report.ok:  # the other sources were crawled and their items are queued
        raise typer.Exit(1)


@app.command()
def enrich(data_dir: DataDir = None, config_dir: ConfigDir = None, verbose: Verbose = False) -> None:
    """Drain the queue: annotate items (NLP, watch topics) and write them to the index."""
    from langnghe.pipeline.jobs import enrich_queue

    settings = _settings(data_dir, config_dir, verbose)
    out.print(enrich_queue(settings, console=console))


@app.command()
def rollup(
    hours: Annotated[int, typer.Option(min=1, help="Recount this many recent hours.")] = 48,
    all_hours: Annotated[bool, typer.Option("--all", help="Recount from the oldest item.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Recount the hourly trend roll-ups (per section, watch topic, province, sentiment, source, platform)."""
    from datetime import timedelta, timezone

    from langnghe.pipeline.jobs import run_rollup

    settings = _settings(data_dir)
    now = datetime.now(timezone.utc)
    report = run_rollup(settings, None if all_hours else now - timedelta(hours=hours), now)
    out.print(f"rolled up {report.hours} hours ({report.busy_hours} with items): {report.rows} rows")


@app.command()
def classify(
    input_path: Annotated[Path, typer.Argument(metavar="IN", help='JSON Lines, each {"id", "text"}.')],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="OUT", help="Where to write JSON Lines.")],
    model_dir: Annotated[Optional[Path], typer.Option(help="Model folder; default: shipped models.")] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Lines per batch.")] = 64,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Processes; default: the CPU count, at most 4.")] = None,
) -> None:
    """Add the nlp part to each line of IN and write it to OUT, in the same order."""
    from langnghe.pipeline.classify import classify_file, default_workers

    _settings()
    report = classify_file(
        input_path, output, model_dir=model_dir, batch_size=batch_size,
        workers=workers or default_workers(), console=console,
    )
    out.print(f"classified {report.written} lines into {output}" + (f"; {report.rejected} rejected" if report.rejected else ""))
    if report.rejected:
        raise typer.Exit(1)


@app.command()
def train(
    signal: Annotated[str, typer.Argument(help="section, sentiment or all.")],
    data: Annotated[Path, typer.Option("--data", help="Datasets folder.")] = Path("../shared/datasets"),
    out_dir: Annotated[Optional[Path], typer.Option("--out", help="Where to write models; default: shipped folder.")] = None,
) -> None:
    """Train a linear model from the labelled datasets and write it with its dev scores."""
    from langnghe.pipeline.training import train_command

    _settings()
    train_command(signal, data, out_dir, console=console, out=out)


@app.command(name="eval")
def evaluate(
    signal: Annotated[str, typer.Argument(help="section or sentiment.")],
    data: Annotated[Path, typer.Option("--data", help='JSON Lines with "text" and "label".')],
    model_dir: Annotated[Optional[Path], typer.Option(help="Model folder; default: shipped models.")] = None,
) -> None:
    """Score a model on a labelled file: accuracy, macro-F1, weighted-F1, per class, confusion matrix."""
    from langnghe.pipeline.training import eval_command

    _settings()
    eval_command(signal, data, model_dir, out=out)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, "phrases", OR, NOT, -word, parentheses.')] = "",
    province: Annotated[Optional[list[str]], typer.Option(help="Only items about this province.")] = None,
    source: Annotated[Optional[list[str]], typer.Option(help="Only items from this source.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    data_dir: DataDir = None,
) -> None:
    """Search the index and print matching items."""
    from langnghe.pipeline.render import print_hits
    from langnghe.pipeline.jobs import search_index

    settings = _settings(data_dir)
    result = search_index(settings, query, provinces=province, sources=source, limit=limit)
    print_hits(out, result, tz=settings.timezone)


@app.command()
def summary(data_dir: DataDir = None) -> None:
    """Print counts per source, section, sentiment and province, and the busiest days."""
    from langnghe.index import open_index
    from langnghe.pipeline.render import print_summary
    from langnghe.pipeline.summary import summarize

    settings = _settings(data_dir)
    index = open_index(settings)
    try:
        print_summary(out, summarize(index, tz=settings.timezone))
    finally:
        index.close()


@app.command()
def digest(
    day: Annotated[Optional[str], typer.Option(help="Local day YYYY-MM-DD; default: today.")] = None,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
) -> None:
    """Write the daily digest (Vietnamese HTML) for one day and print its path."""
    from langnghe.config import load_topics
    from langnghe.index import open_index
    from langnghe.pipeline.digest import write_digest

    settings = _settings(data_dir, config_dir)
    names = {topic.id: topic.name for topic in load_topics(settings.config_dir)}
    index = open_index(settings)
    try:
        path = write_digest(
            index, settings.data_dir / "digests", _parse_day(day, settings.timezone),
            tz=settings.timezone, topic_names=names,
        )
    finally:
        index.close()
    out.print(str(path))


@app.command()
def status(data_dir: DataDir = None) -> None:
    """Show the queue's states and the index's size."""
    from langnghe.pipeline.jobs import status_line

    out.print(status_line(_settings(data_dir)))


@app.command()
def sources(data_dir: DataDir = None, config_dir: ConfigDir = None) -> None:
    """List the configured sources with their crawl health: last success, new items, failures, silence."""
    from langnghe.config import load_config
    from langnghe.pipeline.health import SourceHealthStore
    from langnghe.pipeline.render import print_sources

    settings = _settings(data_dir, config_dir)
    config = load_config(settings.config_dir)
    store = SourceHealthStore(settings.health_path)
    try:
        print_sources(out, config.sources, store.all(), tz=settings.timezone)
    finally:
        store.close()


@app.command(name="check-config")
def check_config(config_dir: ConfigDir = None) -> None:
    """Validate config/sources.yaml, topics.yaml and alerts.yaml and say what they hold."""
    from langnghe.config import load_config

    settings = _settings(None, config_dir)
    config = load_config(settings.config_dir)
    enabled = sum(1 for s in config.sources if s.enabled)
    out.print(
        f"{settings.config_dir}: {len(config.sources)} sources ({enabled} enabled), "
        f"{len(config.topics)} topics, {len(config.alerts)} alert rules: OK"
    )


def main() -> None:
    try:
        app()
    except LangngheError as exc:
        console.print(f"error: {exc}", style="bold red", highlight=False, markup=False)
        sys.exit(2)
    except KeyboardInterrupt:
        console.print("interrupted; collected items are safe in the queue")
        sys.exit(130)


if __name__ == "__main__":
    main()
