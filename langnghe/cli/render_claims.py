"""The ``langnghe claims`` report (labels in Vietnamese, as analysts read them).

A short table ranks the matched claims; a block per claim follows with the verdict,
the spread per day, provinces, keywords, example titles and the explanation, so the
report reads in an 80-column terminal.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from langnghe.claims.flag import local_date
from langnghe.labels import DIMENSION_VI, PLATFORM_VI, STANCE_VI, in_sentence, vi
from langnghe.service.detection_views import ClaimsResponse, ClaimView

_COLUMNS = (("#", "right"), ("Tin đã bị bác bỏ", "left"), (STANCE_VI["spreads"], "right"),
            (DIMENSION_VI["source"], "right"), (STANCE_VI["refutes"], "right"), ("Lần đầu", "left"))  # fmt: skip


def _time(moment: datetime | None, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%H:%M %d/%m}" if moment else "-"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def print_claims(console: Console, claims: ClaimsResponse, *, tz: str) -> None:
    """The ranking table, then one block per matched claim."""
    zone, spreads, total = ZoneInfo(tz), claims.claims, claims.claims_total
    when = f" lúc {claims.at.astimezone(zone):%H:%M %d/%m/%Y}" if claims.at else ""
    console.rule(f"Tin đã bị bác bỏ có mục khớp{when}: {len(spreads)}/{total} tin trong kho")
    if not spreads:
        hint = "" if total else " Kho tin trống: thêm config/claims.yaml hoặc `langnghe claims import FILE.jsonl`."
        console.print(f"Chưa có mục nào khớp với kho tin đã bị bác bỏ.{hint}")
        return
    table = Table(show_edge=False)
    for column, justify in _COLUMNS:
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for rank, spread in enumerate(spreads, start=1):
        table.add_row(str(rank), escape(_short(spread.title)), str(spread.items),
                      str(len(spread.sources)), str(spread.refuting), _time(spread.first_seen, zone))
    console.print(table)
    for rank, spread in enumerate(spreads, start=1):
        _print_block(console, rank, spread, zone)


def _print_block(console: Console, rank: int, claim: ClaimView, zone: ZoneInfo) -> None:
    console.print()
    console.print(f"[bold]{rank}. {escape(claim.title)}[/bold] [dim]({escape(claim.id)})[/dim]")
    verdict = f"{claim.verdict} — {claim.verdict_source or 'nguồn không rõ'}, {local_date(claim.verdict_published, zone)}"
    console.print(f"   Kết luận: {escape(verdict)}" + (f" [dim]{escape(claim.verdict_url)}[/dim]" if claim.verdict_url else ""))
    per_day = " · ".join(f"{day:%d/%m}: {count}" for day, count in claim.per_day.items())
    platforms = ", ".join(in_sentence(vi(PLATFORM_VI, platform)) for platform in claim.platforms)
    console.print(f"   {STANCE_VI['spreads']}: {claim.items} mục, {len(claim.sources)} nguồn "
                  f"({escape(platforms) or '-'}); theo ngày: {per_day or '-'}")  # fmt: skip
    if claim.refuting:
        first = _time(claim.first_refuted, zone)
        console.print(f"   {STANCE_VI['refutes']}: {claim.refuting} mục, bài đầu tiên {first}")
    console.print(f"   {DIMENSION_VI['province']}: {escape(', '.join(claim.provinces)) or '-'}; "
                  f"từ khóa: {escape(', '.join(claim.keywords))}")  # fmt: skip
    for title in claim.examples:
        console.print(f"   • {escape(title)}")
    console.print(f"   [dim]{escape(claim.explanation)}[/dim]")
