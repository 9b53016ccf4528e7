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
from typing import TYPE_CHECKING, Annotated, Optional, TypeVar
from zoneinfo import ZoneInfo

import typer
from rich.console import Console

from langnghe.cli.chrome import Command, Group
from langnghe.cli.boundary import BoundaryGroup, configure_logging, remember
from langnghe.cli.progress import TerminalProgress
from langnghe.errors import LangngheError
from langnghe.paths import keep_files_private
from langnghe.settings import Settings, resolve_settings
from langnghe.times import parse_local_day, parse_local_time

if TYPE_CHECKING:
    from pydantic import BaseModel

    from langnghe.cli.defaults import Chosen
    from langnghe.filter_values import FilterField
    from langnghe.service import QueryService
    from langnghe.service.filters import FilterRequest

app = typer.Typer(
    name="langnghe",
    help="Lắng nghe dư luận tiếng Việt: thu thập, phân tích, lập chỉ mục, báo cáo.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=BoundaryGroup,
)
console = Console(stderr=True)
T = TypeVar("T")
out = Console()
bars = TerminalProgress(console)

DataDir = Annotated[Optional[Path], typer.Option("--data-dir", help="Thư mục dữ liệu (biến môi trường LANGNGHE_DATA_DIR).")]
ConfigDir = Annotated[Optional[Path], typer.Option("--config-dir", help="Thư mục cấu hình (biến môi trường LANGNGHE_CONFIG_DIR).")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Ghi nhật ký chi tiết để gỡ lỗi.")]


def _settings(
    data_dir: Path | None = None, config_dir: Path | None = None, verbose: bool = False, *, follow_link: bool = True
) -> Settings:
    from langnghe.cli.config_note import config_note

    configure_logging(verbose)
    settings = resolve_settings({"data_dir": data_dir, "config_dir": config_dir}, follow_link=follow_link)
    remember(settings)  # the error boundary names the data folder and the cluster from them
    if note := config_note(settings, given=config_dir is not None):
        console.print(note, style="dim", highlight=False, markup=False, soft_wrap=True)
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
    Optional[str], typer.Option("--at", help="Xem như tại thời điểm đó (dd/mm/yyyy [HH:MM] giờ Việt Nam, hoặc ISO 8601); mặc định: bây giờ.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="In JSON thay cho bảng.")]


def _now(settings: Settings) -> datetime:
    return datetime.now(ZoneInfo(settings.timezone))


def _announce(chosen: Chosen[T]) -> T:
    """A default's value, after its line on stderr (which day, window or month was chosen)."""
    if chosen.note:
        console.print(chosen.note, style="dim", highlight=False, markup=False, soft_wrap=True)
    return chosen.value


def _parse_day(value: str | None, tz: str, option: str = "--day") -> date:
    """A day as dd/mm/yyyy or yyyy-mm-dd; today (in ``tz``) when not given."""
    if value is None:
        return datetime.now(ZoneInfo(tz)).date()
    return parse_local_day(value, tz, option=option)


@app.command(cls=Command, help="Dựng trang demo đi kèm trên máy, thu thập, phân tích, lập chỉ mục, tóm tắt và viết bản tin ngày.")
def demo(
    data_dir: DataDir = None,
    end_date: Annotated[
        Optional[str], typer.Option(help="Ngày cuối của 14 ngày demo (dd/mm/yyyy hoặc YYYY-MM-DD); mặc định: hôm qua.")
    ] = None,
    verbose: Verbose = False,
) -> None:
    """Serve the bundled demo site on loopback, crawl, enrich, index, summarise and write a digest."""
    from langnghe.demo.run import demo_config_dir, run_demo
    from langnghe.cli.render import print_summary
    from langnghe.reports.names import load_names

    settings = _settings(data_dir, None, verbose, follow_link=False)  # the demo writes its own config
    last = _parse_day(end_date, settings.timezone, "--end-date") if end_date else None
    result = run_demo(settings, end_date=last, console=console, progress=bars)
    names = load_names(settings.model_copy(update={"config_dir": demo_config_dir(settings)}))  # the demo's sources
    print_summary(out, result.summary, title="langnghe demo: dữ liệu đã thu thập và phân tích", names=names)
    out.print(f"Thu thập: {result.crawl_line}")
    out.print(f"Phân tích: {result.enrich_line}")
    if result.stories_line:
        out.print(f"Sự việc: {result.stories_line}")
    if result.detections_line:
        out.print(f"Phát hiện: {result.detections_line}")
    out.print(f"Thời gian chạy demo: {result.seconds:.1f} giây".replace(".", ","))
    out.print(f"Bản tin ngày {result.end_date:%d/%m/%Y} (HTML): [bold]{result.digest_path}[/bold]")
    from langnghe.demo.web_hint import web_app_lines

    for line in web_app_lines(settings):
        out.print(line, highlight=False, markup=False, soft_wrap=True)


@app.command(cls=Command, help="Thu thập các nguồn đang bật trong config/sources.yaml vào hàng đợi bền vững.")
def crawl(
    source: Annotated[Optional[list[str]], typer.Option("--source", "-s", help="Chỉ các nguồn có mã này.")] = None,
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


@app.command(cls=Command, help="Xử lý hàng đợi: phân tích từng tin (NLP, chủ đề theo dõi) rồi ghi vào chỉ mục.")
def enrich(data_dir: DataDir = None, config_dir: ConfigDir = None, verbose: Verbose = False) -> None:
    """Drain the queue: annotate items (NLP, watch topics) and write them to the index."""
    from langnghe.app import App
    from langnghe.jobs.core import enrich_queue

    with App(_settings(data_dir, config_dir, verbose)) as application:
        out.print(enrich_queue(application, progress=bars))


@app.command(cls=Command, help="Nạp lại các tin, hoặc bản ghi của công cụ khác, từ FILE: đưa vào hàng đợi (giữ mã và thời gian), phân tích, lập chỉ mục, đếm lại theo giờ.")
def ingest(
    input_path: Annotated[Path, typer.Argument(metavar="FILE", help="JSON Lines các tin (như `export --format jsonl` ghi), hoặc bản ghi của công cụ khác: JSONL, CSV, XLSX.")],
    mapping: Annotated[Optional[str], typer.Option("--map", help="Cột (hoặc khóa JSON) của từng trường, ví dụ text=noi_dung,published_at=thoi_gian.")] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="Mã nguồn cho bản ghi không có nguồn; mặc định: tên tệp.")] = None,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
) -> None:
    """Replay Items, or other tools' records, from FILE: queue them (ids and times kept), enrich, index, recount their hours."""
    from langnghe.app import App
    from langnghe.cli.render_status import items_left_line
    from langnghe.jobs.core import run_ingest
    from langnghe.stages.records import parse_mapping

    fields = parse_mapping(mapping)
    with App(_settings(data_dir, config_dir)) as application:
        outcome = run_ingest(application, input_path, progress=bars, mapping=fields, source=source)
        left = application.queue.stats()
    report = outcome.ingest
    line = f"đọc {report.read} dòng: {report.queued} tin vào hàng đợi, {report.unchanged} không đổi"
    if report.rejected:
        line += f", bỏ qua {report.rejected} dòng"
    if future := sum(report.future_dated.values()):
        line += f" ({future} tin ghi ngày trong tương lai: đã bỏ ngày)"
    line += f"; lập chỉ mục {outcome.enrich.done} tin; đếm lại {outcome.rollup.busy_hours} giờ"
    if outcome.detections:
        found = outcome.detections
        line += f"; phát hiện trên {found.hours} giờ và {found.days} ngày: {found.spikes} đột biến, {found.rankings} bảng xếp hạng"
    out.print(line)
    if outcome.enrich.quarantined:
        console.print(f"{outcome.enrich.quarantined} tin bị cách ly: xem `langnghe queue`", highlight=False)
    if outcome.enrich.unavailable or left.pending:  # exit 2: the index is down; 1: items held or waiting
        console.print(f"lỗi: {items_left_line(left, outcome.enrich.unavailable)}",
                      style="bold red", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(2 if outcome.enrich.unavailable else 1)
    if report.rejected:
        raise typer.Exit(1)


@app.command(cls=Command, help="Đột biến trong giờ hoặc ngày trọn vẹn gần nhất: chuyên mục, mối quan tâm, chủ đề theo dõi, tỉnh thành, sự kiện. Không có --at: giờ/ngày trọn vẹn gần nhất có tin (ghi ra stderr). Tính lại mỗi lần gọi; chỉ việc phát hiện (`langnghe run`) mới lưu lại.")
def trends(
    at: AtOption = None,
    granularity: Annotated[str, typer.Option(help="hour (giờ) hoặc day (ngày theo giờ Việt Nam).")] = "hour",
    as_json: JsonOption = False,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
) -> None:
    """Spikes in the last complete hour or day: sections, concerns, watch topics, provinces, stories.
    Without --at: the last complete one that holds items (said on stderr).
    Computed at each call; stored only by the detection job (`langnghe run`)."""
    from langnghe.cli.defaults import default_at
    from langnghe.cli.render_detections import print_spikes
    from langnghe.service.latest import Bucket

    if granularity not in ("hour", "day"):
        raise LangngheError(f"--granularity: expected hour or day, got {granularity!r}")
    settings = _settings(data_dir, config_dir)
    with _service(settings) as service:
        bucket: Bucket = "day" if granularity == "day" else "hour"
        moment = _parse_at(at, settings.timezone) if at else _announce(default_at(service, _now(settings), bucket))
        found = service.trends(moment, granularity=bucket)
    if as_json:
        _print_json(found)
    else:
        print_spikes(out, found, tz=settings.timezone)


@app.command(cls=Command, help="Vấn đề nổi lên (dư luận tiềm ẩn): các sự kiện và mối quan tâm còn nhỏ nhưng đang tăng, kèm giải thích. Tính lại mỗi lần gọi; chỉ việc phát hiện (`langnghe run`) mới lưu lại.")
def emerging(
    at: AtOption = None,
    limit: Annotated[int, typer.Option(min=1, help="Số vấn đề liệt kê.")] = 20,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
) -> None:
    """Emerging issues ("dư luận tiềm ẩn"): small stories and concerns that are growing, explained.
    Computed at each call; stored only by the detection job (`langnghe run`)."""
    from langnghe.cli.defaults import default_emerging_at
    from langnghe.cli.render_detections import print_emerging

    settings = _settings(data_dir, config_dir)
    with _service(settings) as service:
        moment = _parse_at(at, settings.timezone) if at else _announce(default_emerging_at(service, _now(settings)))
        found = service.emerging(moment, limit=limit)
    if as_json:
        _print_json(found)
    else:
        print_emerging(out, found.issues, at_text=f"{moment.astimezone(ZoneInfo(settings.timezone)):%H:%M %d/%m/%Y}",
                       floods=found.floods, tz=settings.timezone)


@app.command(cls=Command, help="Đếm lại số liệu xu hướng theo giờ (theo chuyên mục, chủ đề theo dõi, tỉnh thành, sắc thái, nguồn, nền tảng).")
def rollup(
    hours: Annotated[int, typer.Option(min=1, help="Đếm lại chừng này giờ gần nhất.")] = 48,
    all_hours: Annotated[bool, typer.Option("--all", help="Đếm lại từ tin cũ nhất.")] = False,
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
        help="linear (đi kèm, nhanh), transformer (gói tùy chọn; mô hình trong LANGNGHE_TRANSFORMER_DIR "
        "hoặc ~/.cache/langnghe/models), hoặc ensemble (trung bình của cả hai).",
    ),
]


@app.command(cls=Command, help="Thêm phần nlp vào từng dòng của IN và ghi ra OUT, giữ nguyên thứ tự.")
def classify(
    input_path: Annotated[Path, typer.Argument(metavar="IN", help="JSON Lines, mỗi dòng {\"id\", \"text\"}.")],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="OUT", help="Nơi ghi JSON Lines.")],
    model_dir: Annotated[Optional[Path], typer.Option(help="Thư mục mô hình; mặc định: thư mục mặc định của loại mô hình.")] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Số dòng mỗi lô.")] = 64,
    workers: Annotated[
        Optional[int], typer.Option(min=1, help="Số tiến trình; mặc định: số lõi CPU, tối đa 4 (transformer: 1).")
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


@app.command(cls=Command, help="Huấn luyện mô hình từ các bộ dữ liệu có nhãn và ghi kèm điểm trên tập dev.")
def train(
    signal: Annotated[
        str, typer.Argument(help="section, sentiment, emotion, toxicity, misinfo, all, hoặc segmenter (từ điển tách từ).")
    ],
    data: Annotated[Path, typer.Option("--data", help="Thư mục bộ dữ liệu.")] = Path("../shared/datasets"),
    out_dir: Annotated[
        Optional[Path],
        typer.Option("--out", help="Nơi ghi mô hình; mặc định: thư mục đi kèm (linear) hoặc thư mục transformer."),
    ] = None,
    family: Family = "linear",
    encoder: Annotated[
        Optional[Path],
        typer.Option(help="transformer: thư mục bộ mã hóa Hugging Face trên máy (ví dụ PhoBERT); mặc định: của `langnghe pretrain`."),
    ] = None,
    epochs: Annotated[Optional[int], typer.Option(min=1, help="transformer: số epoch tối đa (giữ epoch tốt nhất trên tập dev).")] = None,
    max_train: Annotated[Optional[int], typer.Option(min=10, help="transformer: tối đa chừng này dòng huấn luyện (lấy mẫu phân tầng).")] = None,
    minutes: Annotated[Optional[float], typer.Option(min=0.1, help="transformer: dừng huấn luyện sau chừng này phút.")] = None,
    threads: Annotated[Optional[int], typer.Option(min=1, help="transformer: số luồng CPU của torch.")] = None,
    max_length: Annotated[Optional[int], typer.Option(min=8, help="transformer: số token đọc mỗi văn bản (256).")] = None,
    learning_rate: Annotated[Optional[float], typer.Option(help="transformer: tốc độ học đỉnh.")] = None,
) -> None:
    """Train a model from the labelled datasets and write it with its dev scores."""
    from langnghe.cli.training import TransformerOptions, train_command

    _settings()
    options = TransformerOptions(
        encoder=encoder, epochs=epochs, max_train=max_train, minutes=minutes, threads=threads,
        max_length=max_length, learning_rate=learning_rate,
    )
    train_command(signal, data, out_dir, console=console, out=out, family=family, options=options)


@app.command(cls=Command, name="eval", help="Chấm mô hình trên một tệp có nhãn: độ chính xác, macro-F1, weighted-F1, từng lớp, ma trận nhầm lẫn, bên cạnh mốc so sánh TF-IDF + hồi quy logistic huấn luyện trên cùng phần train trong cùng lượt chạy.")
def evaluate(
    signal: Annotated[str, typer.Argument(help="section, sentiment, emotion, toxicity hoặc misinfo.")],
    data: Annotated[Path, typer.Option("--data", help="JSON Lines có \"text\" và \"label\".")],
    model_dir: Annotated[Optional[Path], typer.Option(help="Thư mục mô hình; mặc định: thư mục mặc định của loại mô hình.")] = None,
    family: Family = "linear",
    train_data: Annotated[
        Path, typer.Option("--train-data", help="Thư mục bộ dữ liệu có phần train để huấn luyện mốc so sánh đơn giản.")
    ] = Path("../shared/datasets"),
    no_baseline: Annotated[
        bool, typer.Option("--no-baseline", help="Bỏ qua mốc so sánh TF-IDF + hồi quy logistic (nhanh hơn).")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Score a model on a labelled file: accuracy, macro-F1, weighted-F1, per class, confusion matrix,
    beside a plain TF-IDF + logistic regression baseline fitted on the same train split in the same run."""
    from langnghe.cli.training import EvalOptions, eval_command

    _settings()
    options = EvalOptions(train_data=None if no_baseline else train_data, as_json=as_json)
    eval_command(signal, data, model_dir, out=out, family=family, options=options)


@app.command(cls=Command, help="Tiền huấn luyện một bộ mã hóa tiếng Việt nhỏ (tokenizer + masked LM); chạy lại để tiếp tục.")
def pretrain(
    corpus: Annotated[Path, typer.Option(help="Thư mục văn bản chưa gán nhãn *.txt.xz.")] = Path("../shared/datasets/corpus"),
    out_dir: Annotated[
        Optional[Path], typer.Option("--out", help="Thư mục bộ mã hóa; mặc định: <thư mục transformer>/encoder-vi-<cỡ>.")
    ] = None,
    size: Annotated[str, typer.Option(help="auto (base khi có GPU, small trên CPU), tiny, small hoặc base.")] = "auto",
    minutes: Annotated[Optional[float], typer.Option(min=0.1, help="Thời gian tối đa cho cả lượt chạy (phút).")] = None,
    steps: Annotated[Optional[int], typer.Option(min=1, help="Số bước tối đa cho cả lượt chạy.")] = None,
    threads: Annotated[Optional[int], typer.Option(min=1, help="Số luồng CPU của torch.")] = None,
) -> None:
    """Pre-train a small Vietnamese encoder (tokenizer + masked LM); run it again to resume."""
    from langnghe.cli.training import pretrain_command

    _settings()
    pretrain_command(corpus, out_dir, size=size, minutes=minutes, steps=steps, threads=threads, console=console, out=out)


@app.command(cls=Command, help="Tìm trong chỉ mục và in các tin khớp, từng trang một (không giới hạn độ sâu).")
def search(
    query: Annotated[str, typer.Argument(help='Từ, "cụm từ", OR, NOT, -từ, dấu ngoặc; gõ có dấu hay không dấu đều được.')] = "",
    province: Annotated[Optional[list[str]], typer.Option(help="Chỉ tin về tỉnh, thành này: tên, mã (can-tho) hoặc không dấu (lặp lại được).")] = None,
    source: Annotated[Optional[list[str]], typer.Option(help="Chỉ tin từ nguồn này: mã hoặc tên (lặp lại được).")] = None,
    section: Annotated[Optional[list[str]], typer.Option(help='Chỉ chuyên mục này: "Pháp luật", law hoặc phap luat (lặp lại được).')] = None,
    sentiment: Annotated[Optional[list[str]], typer.Option(help="Chỉ sắc thái này: Tiêu cực, negative... (lặp lại được).")] = None,
    concern: Annotated[Optional[list[str]], typer.Option(help="Chỉ tin về mối quan tâm này: tên hoặc mã (lặp lại được).")] = None,
    platform: Annotated[Optional[list[str]], typer.Option(help="Chỉ tin trên nền tảng này: Facebook, \"Báo điện tử\", forum... (lặp lại được).")] = None,
    emotion: Annotated[Optional[list[str]], typer.Option(help="Chỉ cảm xúc này: \"Tức giận\", anger, buon ba... (lặp lại được).")] = None,
    toxicity: Annotated[Optional[list[str]], typer.Option(help="Chỉ mức này: \"Độc hại\" (xúc phạm, thù ghét), \"Không độc hại\" hoặc một nhãn (lặp lại được).")] = None,
    false_info: Annotated[Optional[str], typer.Option("--false-info", help="Cờ tin sai lệch: có (bị gắn cờ) hoặc không.")] = None,
    story: Annotated[Optional[list[str]], typer.Option(help="Chỉ tin của sự việc này (mã sự việc, lặp lại được).")] = None,
    since: Annotated[Optional[str], typer.Option(help="Từ ngày dd/mm/yyyy, thời điểm dd/mm/yyyy HH:MM (giờ Việt Nam) hoặc ISO (tính cả mốc này).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Đến hết ngày dd/mm/yyyy (tính cả ngày đó) hoặc đến thời điểm (không tính mốc này).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Số tin mỗi trang.")] = 20,
    sort: Annotated[str, typer.Option(help="relevance (liên quan nhất; không có từ khóa thì mới nhất trước) hoặc time (mới nhất trước).")] = "relevance",
    after: Annotated[Optional[str], typer.Option("--after", help="Trang tiếp: con trỏ mà trang trước đã in.")] = None,
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
                          concerns=tuple(concern or ()), provinces=tuple(province or ()), sources=tuple(source or ()),
                          platforms=tuple(platform or ()), emotions=tuple(emotion or ()), toxicity=tuple(toxicity or ()),
                          false_info=(false_info,) if false_info else (), stories=tuple(story or ()))
    settings = _settings(data_dir, config_dir)
    with _service(settings) as service:
        found = service.search(query, service.filters(typed), sort=sort, size=limit, cursor=after)  # type: ignore[arg-type]
    if as_json:
        _print_json(found)
        return
    from langnghe.reports.names import load_names

    print_hits(out, found, tz=settings.timezone, names=load_names(settings))
    if found.next:
        console.print(f"Trang sau: --after {found.next}", highlight=False, markup=False, soft_wrap=True)


@app.command(cls=Command, help="In số tin theo nguồn, chuyên mục, sắc thái và tỉnh thành, cùng những ngày nhiều tin nhất.")
def summary(as_json: JsonOption = False, data_dir: DataDir = None, config_dir: ConfigDir = None) -> None:
    """Print counts per source, section, sentiment and province, and the busiest days."""
    from langnghe.cli.render import print_summary
    from langnghe.reports.names import load_names

    settings = _settings(data_dir, config_dir)
    with _service(settings) as service:
        found = service.summary()
    if as_json:
        _print_json(found)
    else:
        print_summary(out, found, names=load_names(settings))


@app.command(cls=Command, help="Viết bản tin ngày (HTML tiếng Việt kèm biểu đồ, và Markdown) cho một ngày và in đường dẫn.")
def digest(
    day: Annotated[
        Optional[str], typer.Option(help="Ngày dd/mm/yyyy (hoặc YYYY-MM-DD) theo giờ Việt Nam; mặc định: ngày trọn vẹn gần nhất có tin.")
    ] = None,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
) -> None:
    """Write the daily digest (Vietnamese HTML with its charts, and Markdown) for one day and print its path."""
    from langnghe.cli.defaults import default_day
    from langnghe.reports.digest_render import write_digest

    settings = _settings(data_dir, config_dir)
    if day is None:
        with _service(settings) as service:
            chosen = _announce(default_day(service, _now(settings)))
    else:
        chosen = _parse_day(day, settings.timezone)
    out.print(str(write_digest(settings, chosen)), soft_wrap=True)


@app.command(cls=Command, help="Xem hàng đợi và chỉ mục, lần chạy trước và sau của mọi việc theo lịch, thư chưa gửi và cảnh báo gần đây.")
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


@app.command(cls=Command, help="Tự chạy toàn bộ quy trình: thu thập từng nguồn, phân tích, số liệu theo giờ, phát hiện và cảnh báo, bản tin 07:00, báo cáo tháng, dọn dữ liệu cũ và kiểm tra nguồn. Dừng êm khi nhận SIGTERM.")
def run(
    once: Annotated[bool, typer.Option("--once", help="Chạy mọi việc một lần ngay bây giờ, theo thứ tự, rồi thoát (kiểu cron).")] = False,
    log_format: Annotated[str, typer.Option("--log-format", help="json (mỗi dòng một đối tượng) hoặc text.")] = "json",
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


@app.command(cls=Command, help="Liệt kê các nguồn đã cấu hình cùng tình trạng thu thập: lần thành công gần nhất, tin mới, lỗi, im lặng.")
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


@app.command(cls=Command, name="check-config", help="Kiểm tra config/sources.yaml (cùng tùy chọn của từng nguồn), topics.yaml (chủ đề và mối quan tâm), alerts.yaml (quy tắc và kênh), schedule.yaml và claims.yaml.")
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
        f"{settings.config_dir}: {len(config.sources)} nguồn ({enabled} đang bật), "
        f"{len(config.topics)} chủ đề theo dõi, {len(concerns)} mối quan tâm, {len(config.alerts)} quy tắc cảnh báo, "
        f"{len(channels)} kênh gửi, lịch chạy đúng, {len(claims)} tin sai lệch: hợp lệ",
        soft_wrap=True,
    )


@app.command(cls=Command, help="Sự kiện: các tin về cùng một việc trên báo, diễn đàn và mạng xã hội, lớn nhất trước.")
def stories(
    at: AtOption = None,
    limit: Annotated[int, typer.Option(min=1, help="Số sự kiện liệt kê.")] = 20,
    min_size: Annotated[int, typer.Option("--min-size", min=1, help="Chỉ sự kiện có ít nhất chừng này tin.")] = 1,
    recent: Annotated[bool, typer.Option("--recent", help="Mới nhất trước (mặc định: lớn nhất trước).")] = False,
    update: Annotated[bool, typer.Option("--update", help="Trước hết gom cụm các tin chưa thuộc sự kiện nào.")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Trước hết xóa mọi sự kiện và gom cụm lại toàn bộ tin.")] = False,
    window: Annotated[
        float, typer.Option(min=1, help="Với --update/--rebuild: số giờ một sự kiện còn mở sau tin cuối của nó.")
    ] = 72,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
) -> None:
    """Stories: items about the same event across outlets, forums and platforms, largest first."""
    from datetime import timedelta

    from langnghe.jobs.core import run_stories
    from langnghe.cli.render_stories import print_stories
    from langnghe.detection.stories import StoryParams

    settings = _settings(data_dir, config_dir)
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
        from langnghe.reports.names import load_names

        print_stories(out, found.stories, tz=settings.timezone, heading=heading, source_names=load_names(settings).sources)


claims_app = typer.Typer(no_args_is_help=False, cls=Group)
app.add_typer(claims_app, name="claims")


@claims_app.callback(invoke_without_command=True, help="Tin sai lệch: các thông tin đã bị bác bỏ (config/claims.yaml, `claims import`) mà các tin lặp lại, lan rộng nhất trước, kèm số tin, nguồn, lần đầu và lần cuối thấy, số tin mỗi ngày, tin bác bỏ, tỉnh thành và giải thích (và tối đa 50 mã tin với --json).")
def claims(
    ctx: typer.Context,
    at: Annotated[
        Optional[str], typer.Option("--at", help="Chỉ tin đăng trước thời điểm này (dd/mm/yyyy [HH:MM] giờ Việt Nam, hoặc ISO 8601).")
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


@claims_app.command(cls=Command, name="import", help="Nạp các mục vào kho tin sai lệch từ FILE (theo mã: nạp lại không thay đổi gì); dòng sai được nêu tên và bỏ qua.")
def claims_import(
    input_path: Annotated[
        Path, typer.Argument(metavar="FILE", help="JSON Lines, mỗi dòng {\"id\", \"claim\", \"verdict\", \"published\", \"source\", \"url\"}.")
    ],
    rematch: Annotated[
        bool, typer.Option("--rematch/--no-rematch", help="Đối chiếu cả các tin đã có trong chỉ mục với các mục mới.")
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
    line = f"đọc {read.read} dòng: {stored.new} mới, {stored.updated} cập nhật, {stored.unchanged} không đổi"
    if read.rejected:
        line += f", bỏ qua {read.rejected} dòng"
    if outcome.rematched:
        line += f"; đọc lại {outcome.rematched} tin đã lập chỉ mục, {outcome.matched} tin nay khớp một tin sai lệch"
    out.print(line)
    if read.rejected:
        raise typer.Exit(1)


@app.command(cls=Command, help="Viết bản thảo báo cáo dư luận hằng tháng (DOCX tiếng Việt) và in đường dẫn.")
def report(
    output: Annotated[Path, typer.Option("--output", "-o", help="Nơi ghi báo cáo (.docx, hoặc .pdf nếu máy có LibreOffice).")],
    month: Annotated[
        Optional[str],
        typer.Option(help="Tháng MM/YYYY hoặc YYYY-MM; mặc định: tháng trước, hoặc tháng của các tin mới nhất nếu tháng trước không có tin."),
    ] = None,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
    at: Annotated[
        Optional[str], typer.Option("--at", help="Viết như tại thời điểm đó (dd/mm/yyyy [HH:MM] hoặc ISO); "
                                    "tháng chưa kết thúc được tính đến hết ngày trọn vẹn gần nhất. Mặc định: bây giờ.")
    ] = None,
) -> None:
    """Write the monthly public-opinion report draft (Vietnamese DOCX) and print its path."""
    from langnghe.cli.defaults import default_month
    from langnghe.reports.monthly import write_monthly_report
    from langnghe.reports.periods import parse_month

    settings = _settings(data_dir, config_dir)
    now = _parse_at(at, settings.timezone)
    if month is not None:
        first = parse_month(month)  # a bad --month fails before any store is opened
    else:
        with _service(settings) as service:
            first = _announce(default_month(service, now))
    out.print(str(write_monthly_report(settings, f"{first:%Y-%m}", output, now=now)), soft_wrap=True)


@app.command(cls=Command, help="Xuất các tin đã lọc trong chỉ mục ra CSV, XLSX (các cột: docs/export-columns.md) hoặc JSON Lines.")
def export(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Tệp sẽ ghi (bắt buộc).")] = None,
    export_format: Annotated[
        Optional[str], typer.Option("--format", help="csv, xlsx hoặc jsonl (các tin, như `ingest` đọc); mặc định: theo đuôi tệp.")
    ] = None,
    since: Annotated[Optional[str], typer.Option(help="Từ ngày dd/mm/yyyy, thời điểm dd/mm/yyyy HH:MM (giờ Việt Nam) hoặc ISO (tính cả mốc này).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Đến hết ngày dd/mm/yyyy (tính cả ngày đó) hoặc đến thời điểm (không tính mốc này).")] = None,
    concern: Annotated[Optional[list[str]], typer.Option(help="Chỉ tin về mối quan tâm này: tên hoặc mã (lặp lại được).")] = None,
    province: Annotated[Optional[list[str]], typer.Option(help="Chỉ tin về tỉnh, thành này: tên, mã (can-tho) hoặc không dấu (lặp lại được).")] = None,
    source: Annotated[Optional[list[str]], typer.Option(help="Chỉ tin từ nguồn này: mã hoặc tên (lặp lại được).")] = None,
    section: Annotated[Optional[list[str]], typer.Option(help='Chỉ chuyên mục này: "Pháp luật", law hoặc phap luat (lặp lại được).')] = None,
    sentiment: Annotated[Optional[list[str]], typer.Option(help="Chỉ sắc thái này: Tiêu cực, negative... (lặp lại được).")] = None,
    platform: Annotated[Optional[list[str]], typer.Option(help="Chỉ tin trên nền tảng này: Facebook, \"Báo điện tử\", forum... (lặp lại được).")] = None,
    emotion: Annotated[Optional[list[str]], typer.Option(help="Chỉ cảm xúc này: \"Tức giận\", anger, buon ba... (lặp lại được).")] = None,
    toxicity: Annotated[Optional[list[str]], typer.Option(help="Chỉ mức này: \"Độc hại\" (xúc phạm, thù ghét), \"Không độc hại\" hoặc một nhãn (lặp lại được).")] = None,
    false_info: Annotated[Optional[str], typer.Option("--false-info", help="Cờ tin sai lệch: có (bị gắn cờ) hoặc không.")] = None,
    story: Annotated[Optional[list[str]], typer.Option(help="Chỉ tin của sự việc này (mã sự việc, lặp lại được).")] = None,
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
                          concerns=tuple(concern or ()), provinces=tuple(province or ()), sources=tuple(source or ()),
                          platforms=tuple(platform or ()), emotions=tuple(emotion or ()), toxicity=tuple(toxicity or ()),
                          false_info=(false_info,) if false_info else (), stories=tuple(story or ()))
    request = build_request(typed, _filter_fields(settings, typed), settings.timezone)
    out.print(export_items(settings, request, fmt, path, progress=bars).line(), soft_wrap=True, highlight=False)


def _filter_fields(settings: Settings, typed: FilterRequest) -> dict[str, FilterField]:
    """The valid filter values; the index is opened only to read its sources when one was typed."""
    from langnghe.service.filters import filter_fields

    if not typed.sources and not typed.platforms:
        return filter_fields(settings)
    with _service(settings) as service:
        return service.filter_fields(typed)


@app.command(cls=Command, help="Xem trình thu thập trích được gì từ một trang đã lưu (tiêu đề, nội dung, ngày...) hoặc từ nguồn tin (các mục của nó).")
def extract(
    input_path: Annotated[Path, typer.Argument(metavar="FILE", help="Trang bài viết đã lưu hoặc nguồn RSS/Atom.")],
    url: Annotated[Optional[str], typer.Option("--url", help="Địa chỉ trang đã lưu (mặc định: địa chỉ ghi trong tệp).")] = None,
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
from langnghe.cli.accounts import keys_app, serve, users_app  # noqa: E402

app.add_typer(queue_app, name="queue")
app.add_typer(users_app, name="users")
app.add_typer(keys_app, name="keys")
app.command(cls=Command, help="Chạy ứng dụng web và API HTTP (mặc định chỉ trên máy này, 127.0.0.1:8000) cho đến khi Ctrl-C.")(serve)
app.command(cls=Command, help="Chạy riêng một bước cho đến khi nhận SIGTERM hoặc Ctrl-C (`langnghe run` chạy mọi bước trong một tiến trình).")(worker)
app.command(cls=Command, help="Thêm một lớp vào khóa tác giả và viết lại mọi bí danh đã lưu (hàng đợi, chỉ mục, sự kiện) qua lớp đó, để mỗi tác giả giữ một bí danh. Hãy dừng `langnghe run` và các worker trước; lượt chạy bị ngắt thì chạy lại để làm nốt.")(rekey)
app.command(cls=Command, help="Một tin: nội dung, nguồn, thời gian (giờ Việt Nam), mọi tín hiệu kèm điểm, sự kiện của nó và các tin sai lệch nó khớp.")(item)
app.command(cls=Command, help="Một sự kiện: số liệu (số tin, lần đầu và lần cuối thấy, nguồn, tỉnh thành, sắc thái) và các tin của nó.")(story)


def main() -> None:
    keep_files_private()
    try:
        app()
    except LangngheError as exc:
        console.print(f"lỗi: {exc}", style="bold red", highlight=False, markup=False)
        sys.exit(2)
    except KeyboardInterrupt:
        console.print("interrupted; collected items are safe in the queue")
        sys.exit(130)

