"""CLI shells for ``langnghe train`` and ``langnghe eval``; the work is in :mod:`langnghe.nlp.train`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from langnghe.errors import InputError

SIGNALS = ("section", "sentiment", "emotion", "toxicity", "misinfo")


def _signals(signal: str) -> tuple[str, ...]:
    if signal == "all":
        return SIGNALS
    if signal not in SIGNALS:
        raise InputError(f"unknown signal {signal!r}; expected one of: {', '.join(SIGNALS)}, all")
    return (signal,)


def train_command(signal: str, data: Path, out_dir: Path | None, *, console: Console, out: Console) -> None:
    from langnghe.nlp.train import default_model_dir, train_signal

    if not data.is_dir():
        raise InputError(f"--data {data}: no such folder (expected the datasets folder, e.g. ../shared/datasets)")
    target = out_dir or default_model_dir()
    for name in _signals(signal):
        with console.status(f"training {name}...") as status:
            metrics = train_signal(name, data, target, progress=lambda msg: status.update(f"{name}: {msg}"))
        out.print(f"[bold]{name}[/bold] written to {target}")
        _print_metrics(out, metrics)


def eval_command(signal: str, data: Path, model_dir: Path | None, *, out: Console) -> None:
    from langnghe.nlp.train import evaluate

    if signal not in SIGNALS:
        raise InputError(f"unknown signal {signal!r}; expected one of: {', '.join(SIGNALS)}")
    if not data.is_file():
        raise InputError(f"--data {data}: no such file")
    _print_metrics(out, evaluate(signal, data, model_dir=model_dir))


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
            table.add_row(label, *(f"{row[k]:.3f}" if isinstance(row[k], float) else str(row[k]) for k in ("precision", "recall", "f1", "support")))
        out.print(table)
    matrix = metrics.get("confusion_matrix")
    if matrix is not None:
        out.print(f"  confusion matrix (rows true, columns predicted): {matrix}")
    for key, value in metrics.items():
        if isinstance(value, dict) and key != "per_class":
            out.print(f"  {key}: {value}")
