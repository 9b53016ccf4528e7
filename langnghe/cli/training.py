"""CLI shells for ``langnghe train``, ``eval`` and ``pretrain``.

The work is in :mod:`langnghe.nlp.train` (linear family) and :mod:`langnghe.nlp.transformer`
(transformer family, an optional extra: nothing here imports torch until a transformer
command runs, and then :func:`~langnghe.nlp.transformer.require_extra` says what to install).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from langnghe.errors import InputError
from langnghe.nlp.registry import FAMILIES

SIGNALS = ("section", "sentiment", "emotion", "toxicity", "misinfo", "tone", "register")


@dataclass(frozen=True)
class TransformerOptions:
    """Fine-tuning knobs of ``langnghe train --family transformer`` (None: the family's default)."""

    encoder: Path | None = None
    epochs: int | None = None
    max_train: int | None = None
    minutes: float | None = None
    threads: int | None = None
    batch_size: int | None = None
    learning_rate: float | None = None
    max_length: int | None = None


def _signals(signal: str) -> tuple[str, ...]:
    if signal == "all":
        return SIGNALS
    if signal not in SIGNALS:
        raise InputError(f"unknown signal {signal!r}; expected one of: {', '.join(SIGNALS)}, all")
    return (signal,)


def _family(family: str) -> str:
    if family not in FAMILIES:
        raise InputError(f"--family {family!r}: expected one of {', '.join(FAMILIES)}")
    return family


def train_command(
    signal: str, data: Path, out_dir: Path | None, *, console: Console, out: Console,
    family: str = "linear", options: TransformerOptions | None = None,
) -> None:
    if not data.is_dir():
        raise InputError(f"--data {data}: không có thư mục này (cần thư mục dữ liệu, ví dụ ../shared/datasets)")
    if _family(family) == "transformer":
        _train_transformer(_signals(signal), data, out_dir, options or TransformerOptions(), console=console, out=out)
        return
    if family != "linear":
        raise InputError(f"--family {family}: only linear and transformer models are trained; {family} combines them")
    if signal == "segmenter":
        _train_segmenter(data, out_dir, console=console, out=out)
        return
    from langnghe.nlp.train import default_model_dir, train_signal

    target = out_dir or default_model_dir()
    for name in _signals(signal):
        with console.status(f"training {name}...") as status:
            metrics = train_signal(name, data, target, progress=lambda msg: status.update(f"{name}: {msg}"))
        out.print(f"[bold]{name}[/bold] written to {target}")
        _print_metrics(out, metrics)


def _train_segmenter(data: Path, out_dir: Path | None, *, console: Console, out: Console) -> None:
    """Rebuild the fast segmenter's lexicon from the corpus (``data/corpus/*.txt.xz``) with underthesea."""
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    from langnghe.nlp.lexicon import LEXICON_VERSION, build_lexicon
    from langnghe.nlp.segment import LEXICON_PATH

    corpus = sorted((data / "corpus").glob("*.txt.xz"))
    if not corpus:
        raise InputError(f"{data / 'corpus'}: no *.txt.xz files (the unlabelled corpus)")
    target = (out_dir / f"{LEXICON_VERSION}.tsv.gz") if out_dir else LEXICON_PATH
    budget = 16_000_000  # what the shipped lexicon was built with (the corpus supplies 14.6 M)
    with Progress(TextColumn("segmenter lexicon"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(),
                  console=console) as progress:
        task = progress.add_task("lexicon", total=budget)
        stats = build_lexicon(corpus, target, max_chars=budget, progress=lambda n: progress.advance(task, n))
    out.print(f"[bold]segmenter[/bold] written to {target}: {stats.entries} entries from "
              f"{stats.chars:,} characters in {stats.seconds:.0f} s")


def _train_transformer(
    signals: tuple[str, ...], data: Path, out_dir: Path | None, options: TransformerOptions,
    *, console: Console, out: Console,
) -> None:
    from langnghe.nlp.transformer import require_extra

    require_extra()
    from langnghe.nlp.transformer.finetune import FinetuneConfig, finetune_signal

    for name in signals:
        config = FinetuneConfig.build(name, data, out_dir, **{k: v for k, v in vars(options).items() if v is not None})
        metrics = finetune_signal(config, progress=lambda msg: console.print(msg, markup=False, highlight=False))
        out.print(f"[bold]{name}[/bold] written to {metrics['artifact']}")
        _print_metrics(out, metrics)


@dataclass(frozen=True)
class EvalOptions:
    """``langnghe eval``'s knobs: where the baseline's train split is (None: no baseline), JSON output."""

    train_data: Path | None = None
    as_json: bool = False


def eval_command(
    signal: str, data: Path, model_dir: Path | None, *, out: Console, family: str = "linear",
    options: EvalOptions | None = None,
) -> None:
    options = options or EvalOptions()
    if signal not in SIGNALS:
        raise InputError(f"unknown signal {signal!r}; expected one of: {', '.join(SIGNALS)}")
    if not data.is_file():
        raise InputError(f"--data {data}: no such file")
    if options.train_data is not None and not options.train_data.is_dir():
        raise InputError(f"--train-data {options.train_data}: không có thư mục này (cần thư mục dữ liệu để huấn luyện mô hình cơ sở; hoặc dùng --no-baseline)")
    if _family(family) == "linear":
        from langnghe.nlp.train import evaluate

        metrics = evaluate(signal, data, model_dir=model_dir, data_dir=options.train_data)
    else:
        metrics = _evaluate_transformer(signal, data, model_dir, family, options.train_data)
    if options.as_json:
        out.print(json.dumps(metrics, ensure_ascii=False, indent=1), markup=False, highlight=False, soft_wrap=True)
        return
    _print_metrics(out, {key: value for key, value in metrics.items() if key != "baseline"})
    if "baseline" in metrics:
        _print_baseline(out, metrics, metrics["baseline"])


def _evaluate_transformer(
    signal: str, data: Path, model_dir: Path | None, family: str, train_data: Path | None
) -> dict[str, Any]:
    from langnghe.nlp.transformer import require_extra

    require_extra()
    from langnghe.nlp.transformer.scoring import evaluate_file

    metrics = evaluate_file(signal, data, model_dir=model_dir, family=family)
    if train_data is not None:  # the same baseline as the linear family's, fitted in this run
        from langnghe.nlp.train import evaluate

        metrics["baseline"] = evaluate(signal, data, data_dir=train_data)["baseline"]
    return metrics


def _print_baseline(out: Console, metrics: dict[str, Any], baseline: dict[str, Any]) -> None:
    """The model's headline figures beside the baseline's, in Vietnamese."""
    out.print(f"[bold]So với mốc cơ sở[/bold] ({baseline['model']}, học trên {baseline['train_rows']} dòng train "
              f"của {baseline['train_data']}, cùng lần chạy):")
    table = Table(show_edge=False)
    for column in ("chỉ số", "mô hình", "mốc cơ sở", "chênh lệch"):
        table.add_column(column, justify="left" if column == "chỉ số" else "right")
    for key in ("accuracy", "macro_f1", "weighted_f1", "roc_auc"):
        if key in metrics and key in baseline:
            table.add_row(key, f"{metrics[key]:.4f}", f"{baseline[key]:.4f}", f"{metrics[key] - baseline[key]:+.4f}")
    out.print(table)


def pretrain_command(
    corpus: Path, out_dir: Path | None, *, size: str, minutes: float | None, steps: int | None,
    threads: int | None, console: Console, out: Console,
) -> None:
    from langnghe.nlp.transformer import default_encoder_dir, require_extra

    require_extra()
    from langnghe.nlp.transformer.pretrain import PretrainConfig, PretrainState, pretrain

    target = out_dir or default_encoder_dir("small" if size == "auto" else size)
    config = PretrainConfig(corpus_dir=corpus, out_dir=target, size=size, minutes=minutes, steps=steps, threads=threads)
    last = [0.0]

    def report(state: PretrainState, done: float) -> None:
        if time.monotonic() - last[0] >= 30 or done >= 1.0:
            last[0] = time.monotonic()
            rate = state.tokens / state.seconds if state.seconds else 0.0
            console.print(
                f"pretrain {state.size}: step {state.step} ({done:.0%}) loss {state.last_loss:.3f} "
                f"{rate:,.0f} tokens/s, {state.seconds / 60:.1f} min", markup=False, highlight=False,
            )

    state = pretrain(config, report)
    out.print(
        f"encoder written to {target}: {state.size}, {state.step} steps, {state.tokens:,} tokens, "
        f"{state.seconds / 60:.1f} min, final loss {state.last_loss:.3f}"
    )


def _print_metrics(out: Console, metrics: dict[str, Any]) -> None:
    scalar = {k: v for k, v in metrics.items() if isinstance(v, (int, float, str))}
    for key, value in scalar.items():
        out.print(f"  {key}: {value:.4f}" if isinstance(value, float) else f"  {key}: {value}")
    per_class = metrics.get("per_class")
    if isinstance(per_class, dict):
        table = Table(show_edge=False)
        for column in ("label", "precision", "recall", "f1", "support"):
            table.add_column(column, justify="left" if column == "label" else "right")
        for label, row in per_class.items():
            cells = (row[k] for k in ("precision", "recall", "f1", "support"))
            table.add_row(label, *(f"{cell:.3f}" if isinstance(cell, float) else str(cell) for cell in cells))
        out.print(table)
    matrix = metrics.get("confusion_matrix")
    if matrix is not None:
        out.print(f"  confusion matrix (rows true, columns predicted): {matrix}")
    for key, value in metrics.items():
        if isinstance(value, dict) and key != "per_class":
            out.print(f"  {key}: {value}")
