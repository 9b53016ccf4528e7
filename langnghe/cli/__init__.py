"""The ``langnghe`` command. Each sub-command is a thin shell over a stage or a job.

User errors (:class:`~langnghe.errors.LangngheError`), a backend down, a full disk or a denied
permission print one line and exit 2 (:mod:`langnghe.cli.boundary`); anything else is a bug and
keeps its traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional
from zoneinfo import ZoneInfo

import typer
from rich.console import Console

from langnghe.cli.boundary import BoundaryGroup, configure_logging, remember
from langnghe.cli.progress import TerminalProgress
from langnghe.errors import LangngheError
from langnghe.paths import keep_files_private
from langnghe.settings import Settings, load_settings
from langnghe.times import parse_local_day, parse_local_time

if TYPE_CHECKING:
    from pydantic import BaseModel

    from langnghe.filter_values import FilterField
    from langnghe.service import QueryService
    from langnghe.service.filters import FilterRequest

app = typer.Typer(
    name="langnghe",
    help="Social listening for Vietnamese public opinion: crawl, understand, index, report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=BoundaryGroup,
)
console = Console(stderr=True)
out = Console()
bars = TerminalProgress(console)

DataDir = Annotated[Optional[Path], typer.Option("--data-dir", help="Data folder (env LANGNGHE_DATA_DIR).")]
ConfigDir = Annotated[Optional[Path], typer.Option("--config-dir", help="Config folder (env LANGNGHE_CONFIG_DIR).")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Log debug details.")]


def _settings(data_dir: Path | None = None, config_dir: Path | None = None, verbose: bool = False) -> Settings:
    configure_logging(verbose)
    settings = load_settings(data_dir=data_dir, config_dir=config_dir)
    remember(settings)  # the error boundary names the data folder and the cluster from them
    return settings


@contextmanager
def _service(settings: Settings) -> Iterator[QueryService]:
    """The query service on an app of the command's own, closed when the command is done."""
    from langnghe.app import App
    from langnghe.service import QueryService

    with App(settings) as application:
        yield QueryService(application)


def _print_json(response: BaseModel) -> None:
    """A response model as the read commands' ``--json`` (shapes measured from outside)."""
    typer.echo(json.dumps(response.model_dump(mode="json"), ensure_ascii=False, indent=1))


def _parse_at(value: str | None, tz: str) -> datetime:
    """--at: dd/mm/yyyy [HH:MM] or ISO 8601 (read in ``tz`` without an offset); now when not given."""
    if value is None:
        return datetime.now(ZoneInfo(tz))
    return parse_local_time(value, tz, option="--at")


AtOption = Annotated[
    Optional[str], typer.Option("--at", help="The state as it was then (dd/mm/yyyy [HH:MM] local time, or ISO 8601); default now.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _parse_day(value: str | None, tz: str, option: str = "--day") -> date:
    """A day as dd/mm/yyyy or yyyy-mm-dd; today (in ``tz``) when not given."""
    if value is None:
        return datetime.now(ZoneInfo(tz)).date()
    return parse_local_day(value, tz, option=option)


@app.command()
def demo(
    data_dir: DataDir = None,
    end_date: Annotated[
        Optional[str], typer.Option(help="Last day of the demo's 14 days (dd/mm/yyyy or YYYY-MM-DD); default: yesterday.")
    ] = None,
    verbose: Verbose = False,
) -> None:
    """Serve the bundled demo site on loopback, crawl, enrich, index, summarise and write a digest."""
    from langnghe.demo.run import run_demo
    from langnghe.cli.render import print_summary

    settings = _settings(data_dir, None, verbose)
    last = _parse_day(end_date, settings.timezone, "--end-date") if end_date else None
    result = run_demo(settings, end_date=last, console=console, progress=bars)
    print_summary(out, result.summary, title="langnghe demo: what the embedded index holds")
    out.print(f"Crawl: {result.crawl_line}")
    out.print(f"Enrich: {result.enrich_line}")
    if result.stories_line:
        out.print(f"Stories: {result.stories_line}")
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
    from langnghe.jobs.core import crawl_sources

    settings = _settings(data_dir, config_dir, verbose)
    config = load_config(settings.config_dir)
    chosen = [config.source(s) for s in source] if source else [s for s in config.sources if s.enabled]
    report = crawl_sources(chosen, settings, progress=bars)
    out.print(report.summary_line())
    if not report.ok:  # the other sources were crawled and their items are queued
        raise typer.Exit(1)


@app.command()
def enrich(data_dir: DataDir = None, config_dir: ConfigDir = None, verbose: Verbose = False) -> None:
    """Drain the queue: annotate items (NLP, watch topics) and write them to the index."""
    from langnghe.app import App
    from langnghe.jobs.core import enrich_queue

    with App(_settings(data_dir, config_dir, verbose)) as application:
        out.print(enrich_queue(application, progress=bars))


@app.command()
def ingest(
    input_path: Annotated[Path, typer.Argument(metavar="FILE", help="JSON Lines of Items (as `export --format jsonl` writes).")],
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
) -> None:
    """Replay Items from FILE: queue them (ids and times kept), enrich, index, recount their hours."""
    from langnghe.app import App
    from langnghe.cli.render_status import items_left_line
    from langnghe.jobs.core import run_ingest

    with App(_settings(data_dir, config_dir)) as application:
        outcome = run_ingest(application, input_path, progress=bars)
        left = application.queue.stats()
    report = outcome.ingest
    line = f"{report.read} lines read: {report.queued} items queued, {report.unchanged} unchanged"
    if report.rejected:
        line += f", {report.rejected} lines skipped"
    if future := sum(report.future_dated.values()):
        line += f" ({future} dated in the future: date dropped)"
    line += f"; {outcome.enrich.done} indexed; {outcome.rollup.busy_hours} hours rolled up"
    if outcome.detections:
        found = outcome.detections
        line += f"; detections over {found.hours} hours and {found.days} days: {found.spikes} spikes, {found.rankings} rankings"
    out.print(line)
    if outcome.enrich.quarantined:
        console.print(f"{outcome.enrich.quarantined} items quarantined: see `langnghe queue`", highlight=False)
    if outcome.enrich.unavailable or left.pending:  # exit 2: the index is down; 1: items held or waiting
        console.print(f"error: {items_left_line(left, outcome.enrich.unavailable)}",
                      style="bold red", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(2 if outcome.enrich.unavailable else 1)
    if report.rejected:
        raise typer.Exit(1)


@app.command()
def trends(
    at: AtOption = None,
    granularity: Annotated[str, typer.Option(help="hour or day (local days).")] = "hour",
    as_json: JsonOption = False,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
) -> None:
    """Spikes in the last complete hour or day: sections, concerns, watch topics, provinces, stories.
    Computed at each call; stored only by the detection job (`langnghe run`)."""
    from langnghe.cli.render_detections import print_spikes

    if granularity not in ("hour", "day"):
        raise LangngheError(f"--granularity: expected hour or day, got {granularity!r}")
    settings = _settings(data_dir, config_dir)
    with _service(settings) as service:
        found = service.trends(_parse_at(at, settings.timezone), granularity=granularity)  # type: ignore[arg-type]
    if as_json:
        _print_json(found)
    else:
        print_spikes(out, found, tz=settings.timezone)


@app.command()
def emerging(
    at: AtOption = None,
    limit: Annotated[int, typer.Option(min=1, help="How many issues to list.")] = 20,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
) -> None:
    """Emerging issues ("dư luận tiềm ẩn"): small stories and concerns that are growing, explained.
    Computed at each call; stored only by the detection job (`langnghe run`)."""
    from langnghe.cli.render_detections import print_emerging

    settings = _settings(data_dir, config_dir)
    moment = _parse_at(at, settings.timezone)
    with _service(settings) as service:
        found = service.emerging(moment, limit=limit)
    if as_json:
        _print_json(found)
    else:
        print_emerging(out, found.issues, at_text=f"{moment.astimezone(ZoneInfo(settings.timezone)):%H:%M %d/%m/%Y}",
                       floods=found.floods, tz=settings.timezone)


@app.command()
def rollup(
    hours: Annotated[int, typer.Option(min=1, help="Recount this many recent hours.")] = 48,
    all_hours: Annotated[bool, typer.Option("--all", help="Recount from the oldest item.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Recount the hourly trend roll-ups (per section, watch topic, province, sentiment, source, platform)."""
    from datetime import timedelta, timezone

    from langnghe.jobs.core import run_rollup

    settings = _settings(data_dir)
    now = datetime.now(timezone.utc)
    report = run_rollup(settings, None if all_hours else now - timedelta(hours=hours), now)
    out.print(f"rolled up {report.hours} hours ({report.busy_hours} with items): {report.rows} rows")


Family = Annotated[
    str,
    typer.Option(
        "--family",
        help="linear (shipped, fast), transformer (optional extra; models in LANGNGHE_TRANSFORMER_DIR "
        "or ~/.cache/langnghe/models), or ensemble (the average of both).",
    ),
]


@app.command()
def classify(
    input_path: Annotated[Path, typer.Argument(metavar="IN", help='JSON Lines, each {"id", "text"}.')],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="OUT", help="Where to write JSON Lines.")],
    model_dir: Annotated[Optional[Path], typer.Option(help="Model folder; default: the family's default folder.")] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Lines per batch.")] = 64,
    workers: Annotated[
        Optional[int], typer.Option(min=1, help="Processes; default: the CPU count, at most 4 (transformer: 1).")
    ] = None,
    family: Family = "linear",
) -> None:
    """Add the nlp part to each line of IN and write it to OUT, in the same order."""
    from langnghe.jobs.classify import classify_file, default_workers

    from langnghe.config import load_concerns

    settings = _settings()
    report = classify_file(
        input_path, output, model_dir=model_dir, batch_size=batch_size,
        workers=workers or default_workers(family), progress=bars, family=family,
        concerns=load_concerns(settings.config_dir),
    )
    out.print(f"classified {report.written} lines into {output}" + (f"; {report.rejected} rejected" if report.rejected else ""))
    if report.rejected:
        raise typer.Exit(1)


@app.command()
def train(
    signal: Annotated[
        str, typer.Argument(help="section, sentiment, emotion, toxicity, misinfo, all, or segmenter (the word lexicon).")
    ],
    data: Annotated[Path, typer.Option("--data", help="Datasets folder.")] = Path("../shared/datasets"),
    out_dir: Annotated[
        Optional[Path],
        typer.Option("--out", help="Where to write models; default: shipped folder (linear) or the transformer dir."),
    ] = None,
    family: Family = "linear",
    encoder: Annotated[
        Optional[Path],
        typer.Option(help="transformer: a local Hugging Face encoder folder (e.g. PhoBERT); default: `langnghe pretrain`'s."),
    ] = None,
    epochs: Annotated[Optional[int], typer.Option(min=1, help="transformer: most epochs (best on dev is kept).")] = None,
    max_train: Annotated[Optional[int], typer.Option(min=10, help="transformer: at most this many train rows (stratified).")] = None,
    minutes: Annotated[Optional[float], typer.Option(min=0.1, help="transformer: stop training after this long.")] = None,
    threads: Annotated[Optional[int], typer.Option(min=1, help="transformer: torch CPU threads.")] = None,
    max_length: Annotated[Optional[int], typer.Option(min=8, help="transformer: tokens read per text (256).")] = None,
    learning_rate: Annotated[Optional[float], typer.Option(help="transformer: peak learning rate.")] = None,
) -> None:
    """Train a model from the labelled datasets and write it with its dev scores."""
    from langnghe.cli.training import TransformerOptions, train_command

    _settings()
    options = TransformerOptions(
        encoder=encoder, epochs=epochs, max_train=max_train, minutes=minutes, threads=threads,
        max_length=max_length, learning_rate=learning_rate,
    )
    train_command(signal, data, out_dir, console=console, out=out, family=family, options=options)


@app.command(name="eval")
def evaluate(
    signal: Annotated[str, typer.Argument(help="section, sentiment, emotion, toxicity or misinfo.")],
    data: Annotated[Path, typer.Option("--data", help='JSON Lines with "text" and "label".')],
    model_dir: Annotated[Optional[Path], typer.Option(help="Model folder; default: the family's default folder.")] = None,
    family: Family = "linear",
    train_data: Annotated[
        Path, typer.Option("--train-data", help="Datasets folder whose train split the plain baseline is fitted on.")
    ] = Path("../shared/datasets"),
    no_baseline: Annotated[
        bool, typer.Option("--no-baseline", help="Skip the plain TF-IDF + logistic regression baseline (faster).")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Score a model on a labelled file: accuracy, macro-F1, weighted-F1, per class, confusion matrix,
    beside a plain TF-IDF + logistic regression baseline fitted on the same train split in the same run."""
    from langnghe.cli.training import EvalOptions, eval_command

    _settings()
    options = EvalOptions(train_data=None if no_baseline else train_data, as_json=as_json)
    eval_command(signal, data, model_dir, out=out, family=family, options=options)


@app.command()
def pretrain(
    corpus: Annotated[Path, typer.Option(help="Folder of *.txt.xz unlabelled text.")] = Path("../shared/datasets/corpus"),
    out_dir: Annotated[
        Optional[Path], typer.Option("--out", help="Encoder folder; default: <transformer dir>/encoder-vi-<size>.")
    ] = None,
    size: Annotated[str, typer.Option(help="auto (base on a GPU, small on CPU), tiny, small or base.")] = "auto",
    minutes: Annotated[Optional[float], typer.Option(min=0.1, help="Time budget of the whole run.")] = None,
    steps: Annotated[Optional[int], typer.Option(min=1, help="Step budget of the whole run.")] = None,
    threads: Annotated[Optional[int], typer.Option(min=1, help="torch CPU threads.")] = None,
) -> None:
    """Pre-train a small Vietnamese encoder (tokenizer + masked LM); run it again to resume."""
    from langnghe.cli.training import pretrain_command

    _settings()
    pretrain_command(corpus, out_dir, size=size, minutes=minutes, steps=steps, threads=threads, console=console, out=out)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, "phrases", OR, NOT, -word, parentheses; diacritics optional.')] = "",
    province: Annotated[Optional[list[str]], typer.Option(help="Only items about this province: name, slug or unaccented (repeatable).")] = None,
    source: Annotated[Optional[list[str]], typer.Option(help="Only items from this source: id or name (repeatable).")] = None,
    section: Annotated[Optional[list[str]], typer.Option(help='Only this section: "Pháp luật", law or phap luat (repeatable).')] = None,
    sentiment: Annotated[Optional[list[str]], typer.Option(help="Only this sentiment: Tiêu cực, negative... (repeatable).")] = None,
    concern: Annotated[Optional[list[str]], typer.Option(help="Only items about this concern: name or id (repeatable).")] = None,
    since: Annotated[Optional[str], typer.Option(help="From this local day dd/mm/yyyy, time dd/mm/yyyy HH:MM or ISO (inclusive).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Up to this local day dd/mm/yyyy (included) or time (excluded).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Items per page.")] = 20,
    sort: Annotated[str, typer.Option(help="relevance (newest first without words) or time (newest first).")] = "relevance",
    after: Annotated[Optional[str], typer.Option("--after", help="The next page: the cursor a previous page printed.")] = None,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
) -> None:
    """Search the index and print matching items with the passage that matched, a page at a time
    (no limit on the depth). Diacritics are optional: "ca chet" finds "cá chết", exact accents first."""
    from langnghe.cli.render import print_hits
    from langnghe.service.filters import FilterRequest

    if sort not in ("relevance", "time"):
        raise LangngheError(f"--sort: chọn relevance hoặc time, không có {sort!r}")
    typed = FilterRequest(since=since, until=until, sections=tuple(section or ()), sentiments=tuple(sentiment or ()),
                          concerns=tuple(concern or ()), provinces=tuple(province or ()), sources=tuple(source or ()))
    settings = _settings(data_dir, config_dir)
    with _service(settings) as service:
        found = service.search(query, service.filters(typed), sort=sort, size=limit, cursor=after)  # type: ignore[arg-type]
    if as_json:
        _print_json(found)
        return
    print_hits(out, found, tz=settings.timezone)
    if found.next:
        console.print(f"Trang sau: --after {found.next}", highlight=False, markup=False, soft_wrap=True)


@app.command()
def summary(as_json: JsonOption = False, data_dir: DataDir = None) -> None:
    """Print counts per source, section, sentiment and province, and the busiest days."""
    from langnghe.cli.render import print_summary

    with _service(_settings(data_dir)) as service:
        found = service.summary()
    if as_json:
        _print_json(found)
    else:
        print_summary(out, found)


@app.command()
def digest(
    day: Annotated[Optional[str], typer.Option(help="Local day dd/mm/yyyy (or YYYY-MM-DD); default: today.")] = None,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
) -> None:
    """Write the daily digest (Vietnamese HTML with its charts, and Markdown) for one day and print its path."""
    from langnghe.reports.digest_render import write_digest

    settings = _settings(data_dir, config_dir)
    out.print(str(write_digest(settings, _parse_day(day, settings.timezone))), soft_wrap=True)


@app.command()
def status(data_dir: DataDir = None, config_dir: ConfigDir = None) -> None:
    """Show the queue and index, every scheduled job's last and next run, undelivered messages and recent alerts."""
    from datetime import timedelta, timezone

    from langnghe.cli.render import status_line
    from langnghe.cli.render_status import print_deliveries, print_jobs

    settings = _settings(data_dir, config_dir)
    with _service(settings) as service:
        found, jobs, outbox = service.status(), service.jobs(), service.outbox()
        alerts = service.recent_alerts(datetime.now(timezone.utc) - timedelta(days=1))
    out.print(status_line(found), soft_wrap=True, highlight=False, markup=False)
    print_jobs(out, jobs, tz=settings.timezone)
    print_deliveries(out, outbox, alerts, tz=settings.timezone)
    if found.index_down is not None:  # shown above with the rest; the exit status says it too
        raise typer.Exit(2)


@app.command()
def run(
    once: Annotated[bool, typer.Option("--once", help="Run every job once now, in order, then exit (cron-style).")] = False,
    log_format: Annotated[str, typer.Option("--log-format", help="json (one object per line) or text.")] = "json",
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
    verbose: Verbose = False,
) -> None:
    """Run the pipeline by itself: crawls per source, enrich, roll-ups, detection and alerts,
    the 07:00 digest, the monthly report, retention and health. Stops gracefully on SIGTERM."""
    from langnghe.scheduler import logs
    from langnghe.scheduler.service import Service, run_once

    if log_format not in ("json", "text"):
        raise LangngheError(f"--log-format: expected json or text, got {log_format!r}")
    settings = _settings(data_dir, config_dir, verbose)
    logs.configure(log_format, logging.DEBUG if verbose else logging.INFO)
    if once:
        for line in run_once(settings):
            out.print(line, markup=False, highlight=False, soft_wrap=True)
        return
    service = Service(settings)
    for line in service.start():
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    service.run_forever()


@app.command()
def sources(as_json: JsonOption = False, data_dir: DataDir = None, config_dir: ConfigDir = None) -> None:
    """List the configured sources with their crawl health: last success, new items, failures, silence."""
    from langnghe.cli.render import print_sources

    settings = _settings(data_dir, config_dir)
    with _service(settings) as service:
        found = service.sources()
    if as_json:
        _print_json(found)
    else:
        print_sources(out, found, tz=settings.timezone)


@app.command(name="check-config")
def check_config(config_dir: ConfigDir = None) -> None:
    """Validate config/sources.yaml (with each source's options), topics.yaml (topics and concerns),
    alerts.yaml (rules and channels), schedule.yaml and claims.yaml."""
    from langnghe.alerts.channels import check_channel_names, configured_channels
    from langnghe.claims.model import load_claims
    from langnghe.config import check_source_options, load_concerns, load_config
    from langnghe.index.watch import WatchList
    from langnghe.scheduler.config import load_schedule

    settings = _settings(None, config_dir)
    config = load_config(settings.config_dir)
    check_source_options(config.sources, settings.config_dir / "sources.yaml")
    concerns = load_concerns(settings.config_dir)
    WatchList.from_config([*config.topics, *concerns])  # every query must parse
    claims = load_claims(settings.config_dir)
    channels = configured_channels(settings)
    schedule = load_schedule(settings.config_dir)
    where = str(settings.config_dir / "schedule.yaml")
    check_channel_names(schedule.digest.channels, channels, f"{where}: digest.channels")
    check_channel_names(schedule.report.channels, channels, f"{where}: report.channels")
    enabled = sum(1 for s in config.sources if s.enabled)
    out.print(
        f"{settings.config_dir}: {len(config.sources)} sources ({enabled} enabled), "
        f"{len(config.topics)} topics, {len(concerns)} concerns, {len(config.alerts)} alert rules, "
        f"{len(channels)} channels, a valid schedule, {len(claims)} claims: OK",
        soft_wrap=True,
    )


@app.command()
def stories(
    at: AtOption = None,
    limit: Annotated[int, typer.Option(min=1, help="How many stories to list.")] = 20,
    min_size: Annotated[int, typer.Option("--min-size", min=1, help="Only stories with at least this many items.")] = 1,
    recent: Annotated[bool, typer.Option("--recent", help="Most recent first (default: largest first).")] = False,
    update: Annotated[bool, typer.Option("--update", help="First cluster the items not in a story yet.")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="First forget all stories and cluster every item again.")] = False,
    window: Annotated[
        float, typer.Option(min=1, help="With --update/--rebuild: hours a story stays open after its last item.")
    ] = 72,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
) -> None:
    """Stories: items about the same event across outlets, forums and platforms, largest first."""
    from datetime import timedelta

    from langnghe.jobs.core import run_stories
    from langnghe.cli.render_stories import print_stories
    from langnghe.detection.stories import StoryParams

    settings = _settings(data_dir)
    if update or rebuild:  # the story job, asked for explicitly: the one writer of this command
        params = StoryParams(window=timedelta(hours=window))
        console.print(run_stories(settings, progress=bars, rebuild=rebuild, params=params).line(), highlight=False)
    moment = _parse_at(at, settings.timezone) if at else None
    with _service(settings) as service:
        found = service.stories(at=moment, min_size=min_size, limit=limit, order="recent" if recent else "size")
    if as_json:
        _print_json(found)
    else:
        when = f" lúc {moment.astimezone(ZoneInfo(settings.timezone)):%H:%M %d/%m/%Y}" if moment else ""
        heading = f"Sự việc{when}: {found.stories_total} sự việc, {found.items_total} tin"
        print_stories(out, found.stories, tz=settings.timezone, heading=heading)


claims_app = typer.Typer(no_args_is_help=False)
app.add_typer(claims_app, name="claims")


@claims_app.callback(invoke_without_command=True)
def claims(
    ctx: typer.Context,
    at: Annotated[
        Optional[str], typer.Option("--at", help="Only items published before this time (dd/mm/yyyy [HH:MM] local time, or ISO 8601).")
    ] = None,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
) -> None:
    """False information: the debunked claims (config/claims.yaml, `claims import`) that items repeat,
    most spread first, with items, sources, first and last seen, items per day, refuting items,
    provinces and an explanation (and up to 50 item ids with --json)."""
    if ctx.invoked_subcommand is not None:
        return
    from langnghe.cli.render_claims import print_claims

    settings = _settings(data_dir, config_dir)
    moment = _parse_at(at, settings.timezone) if at else None
    with _service(settings) as service:
        found = service.claims(moment)
    if as_json:
        _print_json(found)
    else:
        print_claims(out, found, tz=settings.timezone)


@claims_app.command(name="import")
def claims_import(
    input_path: Annotated[
        Path, typer.Argument(metavar="FILE", help='JSON Lines, each {"id", "claim", "verdict", "published", "source", "url"}.')
    ],
    rematch: Annotated[
        bool, typer.Option("--rematch/--no-rematch", help="Also match the items already indexed against new entries.")
    ] = True,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
) -> None:
    """Load claim-base entries from FILE (by id: a re-import changes nothing); bad lines are named and skipped."""
    from langnghe.jobs.claims import import_claims

    def warn(message: str) -> None:
        console.print(message, style="yellow", markup=False, highlight=False)

    settings = _settings(data_dir, config_dir)
    outcome = import_claims(settings, input_path, warn, rematch_index=rematch)
    read, stored = outcome.read, outcome.stored
    line = f"{read.read} lines read: {stored.new} new, {stored.updated} updated, {stored.unchanged} unchanged"
    if read.rejected:
        line += f", {read.rejected} lines skipped"
    if outcome.rematched:
        line += f"; {outcome.rematched} indexed items re-read, {outcome.matched} now match a claim"
    out.print(line)
    if read.rejected:
        raise typer.Exit(1)


@app.command()
def report(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the report (.docx).")],
    month: Annotated[
        Optional[str], typer.Option(help="Local calendar month YYYY-MM; default: the previous month.")
    ] = None,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
) -> None:
    """Write the monthly public-opinion report draft (Vietnamese DOCX) and print its path."""
    from langnghe.reports.monthly import write_monthly_report
    from langnghe.reports.periods import parse_month, previous_month

    settings = _settings(data_dir, config_dir)
    chosen = month if month is not None else previous_month(datetime.now(ZoneInfo(settings.timezone)).date())
    parse_month(chosen)  # a bad --month fails before any store is opened
    out.print(str(write_monthly_report(settings, chosen, output)), soft_wrap=True)


@app.command()
def export(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="The file to write (required).")] = None,
    export_format: Annotated[
        Optional[str], typer.Option("--format", help="csv, xlsx or jsonl (Items, as `ingest` reads them); default: FILE's suffix.")
    ] = None,
    since: Annotated[Optional[str], typer.Option(help="From this local day dd/mm/yyyy, local time dd/mm/yyyy HH:MM or ISO time (inclusive).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Up to this local day dd/mm/yyyy (included) or time (excluded).")] = None,
    concern: Annotated[Optional[list[str]], typer.Option(help="Only items about this concern: name or id (repeatable).")] = None,
    province: Annotated[Optional[list[str]], typer.Option(help="Only items about this province: name, slug or unaccented (repeatable).")] = None,
    source: Annotated[Optional[list[str]], typer.Option(help="Only items from this source: id or name (repeatable).")] = None,
    section: Annotated[Optional[list[str]], typer.Option(help='Only this section: "Pháp luật", law or phap luat (repeatable).')] = None,
    sentiment: Annotated[Optional[list[str]], typer.Option(help="Only this sentiment: Tiêu cực, negative... (repeatable).")] = None,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
) -> None:
    """Export the filtered items of the index as CSV, XLSX (columns: docs/export-columns.md) or JSON Lines."""
    from langnghe.exports import build_request, check_output, export_items, parse_format
    from langnghe.service.filters import FilterRequest

    settings = _settings(data_dir, config_dir)
    path = check_output(output)
    fmt = parse_format(export_format, path)
    typed = FilterRequest(since=since, until=until, sections=tuple(section or ()), sentiments=tuple(sentiment or ()),
                          concerns=tuple(concern or ()), provinces=tuple(province or ()), sources=tuple(source or ()))
    request = build_request(typed, _filter_fields(settings, typed), settings.timezone)
    out.print(export_items(settings, request, fmt, path, progress=bars).line(), soft_wrap=True, highlight=False)


def _filter_fields(settings: Settings, typed: FilterRequest) -> dict[str, FilterField]:
    """The valid filter values; the index is opened only to read its sources when one was typed."""
    from langnghe.service.filters import filter_fields

    if not typed.sources:
        return filter_fields(settings)
    with _service(settings) as service:
        return service.filter_fields(typed)


@app.command()
def extract(
    input_path: Annotated[Path, typer.Argument(metavar="FILE", help="A saved article page or RSS/Atom feed.")],
    url: Annotated[Optional[str], typer.Option("--url", help="Address the file was saved from (default: the file's own).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Show what the crawler extracts from a saved page (title, text, date...) or feed (its entries)."""
    from langnghe.crawlers.extract import ExtractError, extract_file, summary_lines

    try:
        result = extract_file(input_path, url or input_path.resolve().as_uri())
    except ExtractError as exc:  # caught here, not in main(), so the exit code holds however the app is run
        console.print(f"lỗi: {exc}", style="bold red", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
    else:
        typer.echo("\n".join(summary_lines(input_path, result)))


from langnghe.cli.operator import queue_app, worker  # noqa: E402  (registers `queue` and `worker`)
from langnghe.cli.keys import rekey  # noqa: E402
from langnghe.cli.reading import item, story  # noqa: E402

app.add_typer(queue_app, name="queue")
app.command()(worker)
app.command()(rekey)
app.command()(item)
app.command()(story)


def main() -> None:
    keep_files_private()
    try:
        app()
    except LangngheError as exc:
        console.print(f"error: {exc}", style="bold red", highlight=False, markup=False)
        sys.exit(2)
    except KeyboardInterrupt:
        console.print("interrupted; collected items are safe in the queue")
        sys.exit(130)

