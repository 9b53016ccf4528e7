"""``langnghe item`` and ``langnghe story`` on a terminal: one item with every signal, one story
with its items. Values are named through :mod:`langnghe.labels` and the config's names
(sources, concerns, watch topics), never by their ids; times in the configured zone.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from langnghe.item import Item, NlpResult, Prediction
from langnghe.labels import (
    CUE_VI, DIMENSION_VI, EMOTION_VI, ITEM_KIND_VI, PLATFORM_VI, SECTION_VI, SENTIMENT_VI, STANCE_VI, TOXICITY_VI,
    in_sentence, vi,
)  # fmt: skip
from langnghe.nlp.misinfo import cue_slug
from langnghe.service.items import ClaimMatchView, ItemResponse, StoryResponse
from langnghe.service.views import StoryView

TIME = "%d/%m/%Y %H:%M"
FALSE_INFO = "Nghi vấn tin sai sự thật"
RUMOUR_CUES = "Dấu hiệu tin đồn"


def local(moment: datetime, tz: str) -> str:
    """``dd/mm/yyyy HH:MM`` in ``tz``."""
    return moment.astimezone(ZoneInfo(tz)).strftime(TIME)


def score(value: float) -> str:
    """A score between 0 and 1 as Vietnamese writes it: ``0,87``."""
    return f"{value:.2f}".replace(".", ",")


def item_time(item: Item, tz: str) -> str:
    if item.published_at is not None:
        return local(item.published_at, tz)
    return f"{local(item.fetched_at, tz)} (lúc thu thập)"


def print_item(console: Console, found: ItemResponse, *, tz: str) -> None:
    """The item's head (title, source, time, address), its signals, its story, its claims and its text."""
    item = found.item
    console.rule(escape(item.title or item.text[:80] or item.id))
    source = found.source_name or item.source
    console.print(f"{DIMENSION_VI['source']}: {escape(source)} ({vi(PLATFORM_VI, item.platform)}) · "
                  f"{vi(ITEM_KIND_VI, item.kind)}", highlight=False)  # fmt: skip
    console.print(f"Thời gian: {item_time(item, tz)}", highlight=False)
    if item.url:
        console.print(f"Địa chỉ: {escape(item.url)}", highlight=False, soft_wrap=True)
    console.print(f"Mã tin: {item.id}", highlight=False)
    console.print(_signals(found))
    _print_story_line(console, found.story, tz)
    _print_claims(console, found.claims)
    if item.text:
        console.print("\n[bold]Nội dung[/bold]")
        console.print(escape(item.text), highlight=False)


def _prediction_row(table: Table, dimension: str, names: dict[str, str], prediction: Prediction | None) -> None:
    if prediction is not None:
        table.add_row(DIMENSION_VI[dimension], vi(names, prediction.label), score(prediction.score))


def _signals(found: ItemResponse) -> Table:
    """One row per signal: what it says, and its score where the model gives one."""
    table = Table(show_edge=False)
    for column in ("Tín hiệu", "Giá trị", "Điểm"):
        table.add_column(column, overflow="fold")
    nlp = found.item.nlp or NlpResult()
    for dimension, names, prediction in (("section", SECTION_VI, nlp.section), ("sentiment", SENTIMENT_VI, nlp.sentiment),
                                         ("emotion", EMOTION_VI, nlp.emotion), ("toxicity", TOXICITY_VI, nlp.toxicity)):
        _prediction_row(table, dimension, names, prediction)
    listed = (("concern", [found.concern_names.get(c, c) for c in nlp.concerns]),
              ("watch_topic", [found.watch_topic_names.get(t, t) for t in found.item.watch_topics]),
              ("province", nlp.provinces))  # fmt: skip
    for dimension, values in listed:
        table.add_row(DIMENSION_VI[dimension], escape(", ".join(values)) or "-", "")
    if nlp.keywords:
        table.add_row("Từ khóa", escape(", ".join(nlp.keywords)), "")
    if nlp.misinfo is not None:
        cues = ", ".join(in_sentence(vi(CUE_VI, cue_slug(cue))) for cue in nlp.misinfo.cues)
        table.add_row(RUMOUR_CUES, cues or "-", score(nlp.misinfo.score))
    false_info = found.item.false_info
    if false_info is not None:
        verdict = "Có" if false_info.flagged else "Không"
        shown = f"{verdict}: {escape(false_info.explanation)}" if false_info.explanation else verdict
        table.add_row(FALSE_INFO, shown, score(false_info.score))
    return table


def _print_story_line(console: Console, story: StoryView | None, tz: str) -> None:
    if story is None:
        console.print(f"{DIMENSION_VI['story']}: chưa thuộc {in_sentence(DIMENSION_VI['story'])} nào", highlight=False)
        return
    console.print(f"{DIMENSION_VI['story']}: [bold]{escape(story.title)}[/bold] ({story.size} tin, "
                  f"{local(story.first_seen, tz)} → {local(story.last_seen, tz)}) · mã {story.id}",
                  highlight=False)  # fmt: skip


def _print_claims(console: Console, claims: list[ClaimMatchView]) -> None:
    if not claims:
        console.print("Tin đã bị bác bỏ: không khớp tin nào", highlight=False)
        return
    table = Table(title="Khớp với tin đã bị bác bỏ", title_justify="left", show_edge=False)
    for column in ("Tin đã bị bác bỏ", "Kết luận", "Vai trò", "Độ giống"):
        table.add_column(column, overflow="fold")
    for match in claims:
        claim = escape(match.claim) if match.claim else f"(không còn trong kho, mã {escape(match.claim_id)})"
        table.add_row(claim, escape(match.verdict or "-"), vi(STANCE_VI, match.stance), score(match.similarity))
    console.print(table)


def _top(counts: dict[str, int], names: dict[str, str] | None = None, size: int = 5) -> str:
    shown = [f"{vi(names or {}, value)} {count}" for value, count in list(counts.items())[:size]]
    return ", ".join(shown) + (", …" if len(counts) > size else "") if shown else "-"


def print_story(console: Console, found: StoryResponse, *, tz: str) -> None:
    """The story's figures, then one row per item (in the order asked)."""
    story = found.story
    console.rule(f"{DIMENSION_VI['story']}: {escape(story.title)}")
    figures = (
        ("Số tin", str(story.size)), ("Xuất hiện", f"{local(story.first_seen, tz)} → {local(story.last_seen, tz)}"),
        (DIMENSION_VI["source"], _top(story.sources, found.source_names)),
        (DIMENSION_VI["platform"], _top(story.platforms, PLATFORM_VI)),
        (DIMENSION_VI["province"], _top(story.provinces)), (DIMENSION_VI["sentiment"], _top(story.sentiment, SENTIMENT_VI)),
        (DIMENSION_VI["emotion"], _top(story.emotion, EMOTION_VI)), ("Từ khóa", ", ".join(story.keywords) or "-"),
        ("Mã", story.id),
    )  # fmt: skip
    for label, value in figures:
        console.print(f"{label}: {escape(value)}", highlight=False)
    order = "mới nhất" if found.order == "newest" else "cũ nhất"
    table = Table(title=f"{len(found.items)} tin, {order} trước", title_justify="left", show_lines=True)
    for column in ("Thời gian", DIMENSION_VI["source"], "Tiêu đề", DIMENSION_VI["sentiment"], "Mã tin"):
        table.add_column(column, overflow="fold")
    for item in found.items:
        sentiment = item.nlp.sentiment.label if item.nlp and item.nlp.sentiment else None
        table.add_row(item_time(item, tz), escape(found.source_names.get(item.source, item.source)),
                      escape(item.title or item.text[:100]), vi(SENTIMENT_VI, sentiment), item.id)  # fmt: skip
    console.print(table)
