"""Charts for the digest and the monthly report, as PNG bytes (matplotlib, Agg, no display).

Deterministic: fixed size and resolution, no software or time stamp in the PNG, so the
same figures give the same bytes (mail clients cache by content; tests compare). Text is
set in DejaVu Sans, which matplotlib ships and which has every Vietnamese glyph. Figures
are drawn on the object API (no pyplot state) under one lock, because rcParams are
process-wide and the scheduler may build a digest and a report at once.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot: never look for a display

from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

DPI = 100
WIDTH = 8.0  # inches: 800 px, the width of the digest's column
_STYLE: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans", "font.size": 9.0, "axes.titlesize": 11.0, "axes.titleweight": "bold",
    "axes.spines.top": False, "axes.spines.right": False, "axes.edgecolor": "#888888", "svg.hashsalt": "langnghe",
}  # fmt: skip
_LOCK = threading.Lock()
_LINE_COLORS = ("#b71c1c", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f")
SENTIMENT_COLORS = {"negative": "#c62828", "neutral": "#b0b0b0", "positive": "#2e7d32"}
EMOTION_COLORS = {
    "anger": "#b71c1c", "disgust": "#6a1b9a", "fear": "#37474f", "sadness": "#1565c0", "surprise": "#f9a825",
    "enjoyment": "#43a047", "other": "#cfcfcf",
}  # fmt: skip
EMPTY = "Không có dữ liệu"


def _render(draw: Callable[[Figure], None], height: float) -> bytes:
    """Run ``draw(figure)`` on a fresh figure of fixed size and return the PNG."""
    with _LOCK, matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        draw(figure)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None}, facecolor="white")
    return buffer.getvalue()


def volume_chart(days: Sequence[date], series: Mapping[str, Sequence[int]], title: str) -> bytes:
    """Lines of items per day, one per series (the first one, the total, drawn thicker)."""

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        axes.set_title(title, loc="left")
        if not days or not any(sum(values) for values in series.values()):
            _empty(axes)
            return
        positions = list(range(len(days)))
        for number, (name, values) in enumerate(series.items()):
            axes.plot(positions, list(values), label=name, color=_LINE_COLORS[number % len(_LINE_COLORS)],
                      linewidth=2.4 if number == 0 else 1.4, marker="o" if len(days) <= 16 else None, markersize=3)
        step = max(1, len(days) // 10)
        axes.set_xticks(positions[::step], [f"{day:%d/%m}" for day in days[::step]])
        axes.set_ylim(bottom=0)
        axes.set_ylabel("Số tin, bài")
        axes.grid(axis="y", color="#e0e0e0", linewidth=0.6)
        axes.legend(loc="upper left", frameon=False, ncols=min(len(series), 5))

    return _render(draw, 3.2)


def share_chart(
    rows: Sequence[tuple[str, Mapping[str, int]]], order: Sequence[str], labels: Mapping[str, str],
    colors: Mapping[str, str], title: str,
) -> bytes:
    """Horizontal 100% stacked bars: for each row (a concern), the share of each label in ``order``."""

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        axes.set_title(title, loc="left")
        shown = [(name, counts) for name, counts in rows if sum(counts.values())]
        if not shown:
            _empty(axes)
            return
        positions = list(range(len(shown)))[::-1]  # the first row on top
        left = [0.0] * len(shown)
        for key in order:
            shares = [counts.get(key, 0) / sum(counts.values()) for _, counts in shown]
            axes.barh(positions, shares, left=left, color=colors.get(key, "#999999"), label=labels.get(key, key),
                      height=0.7, edgecolor="white", linewidth=0.5)
            for y, x, share in zip(positions, left, shares):
                if share >= 0.09:
                    axes.text(x + share / 2, y, f"{share:.0%}", ha="center", va="center", color="white", fontsize=8)
            left = [x + share for x, share in zip(left, shares)]
        axes.set_yticks(positions, [f"{name} ({sum(counts.values())})" for name, counts in shown])
        axes.set_xlim(0, 1)
        axes.xaxis.set_major_formatter(PercentFormatter(1.0))
        # A figure legend: long row labels push the axes right, and seven emotions need the whole width.
        figure.legend(loc="outside lower center", frameon=False, ncols=min(len(order), 7), fontsize=8)

    return _render(draw, 1.3 + 0.36 * max(len(rows), 1))


def top_chart(rows: Sequence[tuple[str, int]], title: str, previous: Sequence[int] | None = None,
              labels: tuple[str, str] = ("Kỳ này", "Kỳ trước")) -> bytes:
    """Horizontal bars of the largest values, largest on top; ``previous`` as thin grey bars beside them."""

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        axes.set_title(title, loc="left")
        if not rows or not any(count for _, count in rows):
            _empty(axes)
            return
        positions = [float(y) for y in range(len(rows))][::-1]
        counts = [count for _, count in rows]
        bars = axes.barh(positions, counts, height=0.6, color="#b71c1c", label=labels[0])
        axes.bar_label(bars, padding=3, fontsize=8)
        if previous is not None:
            axes.barh([y - 0.38 for y in positions], list(previous), height=0.16, color="#9e9e9e", label=labels[1])
            axes.legend(loc="lower right", frameon=False)
        axes.set_yticks(positions, [name for name, _ in rows])
        axes.set_xlabel("Số tin, bài")
        axes.margins(x=0.12)

    return _render(draw, 1.0 + 0.34 * max(len(rows), 1))


def _empty(axes: Axes) -> None:
    axes.text(0.5, 0.5, EMPTY, ha="center", va="center", color="#777777", transform=axes.transAxes)
    axes.set_axis_off()
