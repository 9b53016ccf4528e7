"""Response models of the detection queries: spikes (``trends``), emerging issues, claims.

Field names and order are those of ``langnghe trends|emerging|claims --json`` (a shape
measured from outside: add optional fields only). Each model is built from its domain
record by one function (``*_view``), the only place that reads the record's fields.
"""

from __future__ import annotations


from datetime import date
from typing import TYPE_CHECKING

from langnghe.labels import DIMENSION_VI
from langnghe.service.types import IsoTime, Number, Response
from langnghe.service.views import ThreadEntryView, thread_entry_view

if TYPE_CHECKING:
    from langnghe.claims.spread import ClaimSpread
    from langnghe.detection.emerging import EmergingIssue, IssueSignals
    from langnghe.detection.trends import Spike, SpikeScan
    from langnghe.index.base import TermScore


class CheckView(Response):
    """The figures of one detection rule applied to the bucket: what a chart of the spike shows."""

    method: str  # window, poisson, seasonal...
    observed: int
    expected: Number
    score: Number
    fired: bool
    baseline: str  # how ``expected`` was obtained, in words


class SpikeView(Response):
    """A value whose count in one bucket broke its baseline (:class:`~langnghe.detection.trends.Spike`)."""

    dimension: str  # section, concern, watch_topic, province, story
    value: str
    granularity: str  # hour or day
    start: IsoTime  # the bucket's start, UTC
    observed: int  # items in the bucket
    expected: Number  # the baseline
    score: Number
    methods: list[str]  # the rules that fired
    explanation: str  # Vietnamese, with the figures
    item_ids: list[str]
    keywords: list[str]
    provinces: list[str]
    first_seen: IsoTime | None
    name: str  # display name of the value
    title: str  # "<dimension in Vietnamese>: <name>"
    checks: list[CheckView] = []  # the figures behind ``explanation`` (empty for spikes stored before they were kept)
    # The bucket's independent voices, on which the rules were checked (None: not counted, e.g. stored before)
    accounts: int | None = None  # distinct accounts (an unsigned item counts by its source)
    voices: int | None = None  # accounts, a copy flood (many near-identical items, few accounts) counting once
    copies: int | None = None  # items that repeat an earlier item's text
    independent: int | None = None  # items, a copy flood counting once, at most 3 per account: what the rules count


class TermView(Response):
    """A keyword more frequent in the last 24 hours than in the weeks before (JLH score)."""

    term: str
    score: Number
    foreground: int
    background: int
    foreground_total: int
    background_total: int


class TrendsResponse(Response):
    """``trends``: spikes in the last complete hour or day before a moment, and rising terms."""

    end: IsoTime
    granularity: str
    values_tested: int
    spikes: list[SpikeView]
    terms: list[TermView]


class SignalsView(Response):
    """The figures behind an emerging issue's score."""

    recent: int  # items in the last 48 hours
    earlier: int  # items in the 5 days before
    daily: list[int]  # items per 24 hours, oldest first
    negative_share: Number
    sources: int
    authors: int
    top_author_share: Number
    first_social: IsoTime | None
    first_news: IsoTime | None
    growth: Number  # of independent voices per day (rankings stored before they were counted: of items)
    rising_days: int
    social_first: bool
    # Independent voices (None on rankings stored before they were counted)
    voices_daily: list[int] | None = None  # distinct accounts per 24 hours (copy floods count once), as ``daily``
    voices_recent: int | None = None  # their sum over the last 2 days
    voices_earlier: int | None = None  # their sum over the 5 days before
    accounts_recent: int | None = None  # accounts among the last 48 hours' items
    copies_recent: int = 0  # items of the last 48 hours that repeat an earlier text
    flood_items: int = 0  # items of the last 48 hours in copy floods (many near-identical items, few accounts)
    flood_accounts: int = 0


class IssueView(Response):
    """One ranked emerging issue (a small story or a concern that is growing)."""

    kind: str  # story or concern
    key: str
    title: str
    score: Number
    signals: SignalsView
    explanation: str
    keywords: list[str]
    provinces: list[str]
    first_seen: IsoTime | None
    item_ids: list[str]
    flood: bool = False  # a copy flood held back from the ranking ("lan truyền có tổ chức?")
    thread_id: str | None = None  # a story's event thread (absent before threads were linked)
    timeline: list[ThreadEntryView] = []  # that thread's stories, oldest first


class EmergingResponse(Response):
    """``emerging``: the ranking at a moment (in the zone it was asked in), and the copy floods
    held back from it (candidates that only copies by few accounts made look busy)."""

    at: IsoTime
    issues: list[IssueView]
    floods: list[IssueView] = []


class ClaimView(Response):
    """One debunked claim and its spread up to a moment."""

    id: str
    title: str  # the claim as debunked
    verdict: str
    verdict_source: str
    verdict_url: str | None
    verdict_published: IsoTime | None
    score: Number  # the spreading items' similarities, summed
    items: int  # spreading items
    sources: list[str]
    platforms: list[str]
    first_seen: IsoTime | None
    last_seen: IsoTime | None
    per_day: dict[date, int]  # spreading items per local day
    refuting: int  # refuting items
    first_refuted: IsoTime | None
    keywords: list[str]
    provinces: list[str]
    examples: list[str]  # titles of the most similar spreading items
    explanation: str
    item_ids: list[str]
    refuting_item_ids: list[str]


class ClaimsResponse(Response):
    """``claims``: the matched claims, most spread first, and the size of the claim base."""

    at: IsoTime | None
    claims_total: int
    claims: list[ClaimView]


def spike_view(spike: Spike, tz: str) -> SpikeView:
    """A spike, computed or stored; its explanation rendered from its figures, dates in ``tz``."""
    from langnghe.detection.trends import explain_spike

    return SpikeView(
        dimension=spike.dimension, value=spike.value, granularity=spike.granularity, start=spike.start,
        observed=spike.observed, expected=spike.expected, score=spike.score, methods=list(spike.methods),
        explanation=explain_spike(spike, tz), item_ids=list(spike.item_ids), keywords=list(spike.keywords),
        provinces=list(spike.provinces), first_seen=spike.first_seen, name=spike.name,
        title=f"{DIMENSION_VI.get(spike.dimension, spike.dimension)}: {spike.name or spike.value}",
        checks=[CheckView(method=c.method, observed=c.observed, expected=c.expected, score=c.score, fired=c.fired,
                          baseline=c.baseline) for c in spike.checks],
        **({"accounts": spike.voices.accounts, "voices": spike.voices.voices, "copies": spike.voices.copies,
            "independent": spike.voices.independent} if spike.voices else {}),
    )  # fmt: skip


def term_view(term: TermScore) -> TermView:
    return TermView(term=term.term, score=term.score, foreground=term.foreground, background=term.background,
                    foreground_total=term.foreground_total, background_total=term.background_total)


def trends_view(scan: SpikeScan, tz: str) -> TrendsResponse:
    return TrendsResponse(end=scan.end, granularity=scan.granularity, values_tested=scan.values_tested,
                          spikes=[spike_view(spike, tz) for spike in scan.spikes],
                          terms=[term_view(term) for term in scan.terms])


def signals_view(signals: IssueSignals) -> SignalsView:
    return SignalsView(
        recent=signals.recent, earlier=signals.earlier, daily=list(signals.daily),
        negative_share=signals.negative_share, sources=signals.sources, authors=signals.authors,
        top_author_share=signals.top_author_share, first_social=signals.first_social,
        first_news=signals.first_news, growth=round(signals.growth, 3), rising_days=signals.rising_days,
        social_first=signals.social_first,
        voices_daily=list(signals.voices_daily) if signals.voices_daily is not None else None,
        voices_recent=signals.voices_recent, voices_earlier=signals.voices_earlier,
        accounts_recent=signals.accounts_recent, copies_recent=signals.copies_recent,
        flood_items=signals.flood_items, flood_accounts=signals.flood_accounts,
    )  # fmt: skip


def issue_view(issue: EmergingIssue, tz: str, *, flood: bool = False) -> IssueView:
    """An emerging issue (or a copy flood held back, ``flood``), computed or stored; its
    explanation rendered from its signals."""
    from langnghe.detection.emerging import explain_issue

    return IssueView(kind=issue.kind, key=issue.key, title=issue.title, score=issue.score,
                     signals=signals_view(issue.signals), explanation=explain_issue(issue, tz),
                     keywords=list(issue.keywords), provinces=list(issue.provinces), first_seen=issue.first_seen,
                     item_ids=list(issue.item_ids), flood=flood, thread_id=issue.thread_id,
                     timeline=[thread_entry_view(entry) for entry in issue.timeline])


def claim_view(spread: ClaimSpread) -> ClaimView:
    from langnghe.claims.spread import MAX_ITEM_IDS  # the JSON lists as many refuting ids as spreading ones

    claim = spread.claim
    return ClaimView(
        id=claim.id, title=claim.claim, verdict=claim.verdict, verdict_source=claim.source, verdict_url=claim.url,
        verdict_published=claim.published, score=spread.score, items=len(spread.spreading),
        sources=spread.sources, platforms=spread.platforms, first_seen=spread.first_seen,
        last_seen=spread.last_seen, per_day=spread.per_day(), refuting=len(spread.refuting),
        first_refuted=spread.first_refuted, keywords=spread.keywords(), provinces=spread.provinces(),
        examples=spread.examples(), explanation=spread.explanation(), item_ids=spread.item_ids(),
        refuting_item_ids=[record.item_id for record in spread.refuting[:MAX_ITEM_IDS]],
    )  # fmt: skip
