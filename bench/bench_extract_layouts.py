"""Title, time and body start from saved pages of Vietnamese outlets and forums (2011-2025 layouts).

    .venv/bin/python bench/bench_extract_layouts.py [--data bench/data/extract_layouts] [--failures]

The set (``bench/data/extract_layouts``, see its README) was written blind, by a session that
never saw the extractor: 36 pages with a hand-written title, publication time (what a reader in
Vietnam sees, +07:00) and first words of the body, each tagged with its traps (12-hour clocks,
two-digit-year board dates, times kept in tooltips or written by scripts, a "today" strip,
+08:00 metadata, metadata off by whole hours, a lead outside the body, a logo ``<h1>``).

Three checks per page, for each system:

- title: equal after whitespace normalisation (and NFC on both sides);
- time: within 90 s of the expected moment (a missing time fails);
- body: the extracted text, whitespace-normalised, begins with the expected first words.

langnghe is read as ``langnghe extract`` reads a file (``extract_file``: decoding, then
``extract_article``), with "now" fixed at 2026-12-07 12:00 UTC, the day the set was written
(it anchors relative dates and the future-date check). The baseline of the same run is
trafilatura + htmldate: ``trafilatura.bare_extraction`` (with metadata) for the title and the
text, ``htmldate.find_date(extensive_search=True, original_date=True)`` for the time (a time
without an offset, or a day without a time, is read as Hà Nội local time).

Figures are printed overall, per check, per trap and per layout era; ``--failures`` lists what
langnghe got wrong.

Honesty note. The first run, with the extractor as built against its own snapshot pages
(``tests/crawlers/snapshots``) and before anyone looked at this set's pages, gave langnghe 0.935
of all checks (101/108: title 35/36, time 34/36, body 32/36; 2011-2017 pages 0.905, 2018-2025
0.978) beside trafilatura + htmldate's 0.500 (54/108). Its failures were then read and four
general causes fixed, each with a snapshot page of our own that failed before the fix, never a
rule for one of these pages: layout tables read as data tables (``crawlers/layout_tables.py``),
the join date in a phpBB profile printed before the post taken as the post's time (profiles left
out when looking for the time), "::" not known as a separator between headline and site name in
``<title>``, and a view counter beside the date line keeping that line in the text. After them,
1.000 (108/108): a figure on a set the fixes were made after seeing, so read 0.935 as the blind one.
Later changes, made for the project's own tests and speed (the byline candidates back in page
order, which the listing and sitemap crawl tests needed; the site's name taken as a shorter part
of ``<title>``; lazier candidate reading), left the figure at 1.000.

A second blind set, ``bench/data/extract_layouts2`` (30 pages by another blind session, written
after the fixes above, with two more traps: an "updated" time beside the published one, and an
image caption or related box before the first paragraph), was scored once, as it came: langnghe
0.944 (85/90: title 30/30, time 27/30, body 28/30) beside trafilatura + htmldate 0.456 (41/90).
Its misses: a date-only time where the byline had the hour (two pages), a time from a related
box, and a body starting at a caption or an earlier paragraph (two pages). Nothing was changed
after seeing it.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import htmldate
import trafilatura

from langnghe.crawlers.decoding import decode_page
from langnghe.crawlers.extract import PageExtract, extract_file

DATA = Path(__file__).resolve().parent / "data" / "extract_layouts"
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
TOLERANCE = timedelta(seconds=90)
CHECKS = ("title", "time", "body")


@dataclass(frozen=True)
class Expected:
    file: str
    url: str
    title: str
    published: datetime
    body_start: str
    traps: tuple[str, ...]


@dataclass(frozen=True)
class Got:
    title: str
    published: datetime | None
    text: str


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    def share(self) -> str:
        return f"{self.right / self.total:.3f} ({self.right}/{self.total})" if self.total else "-"


@dataclass
class Scores:
    overall: Tally = field(default_factory=Tally)
    by_check: dict[str, Tally] = field(default_factory=dict)
    by_trap: dict[str, Tally] = field(default_factory=dict)
    by_era: dict[str, Tally] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def add(self, page: Expected, check: str, ok: bool, detail: str) -> None:
        era = "2011-2017" if _year(page) <= 2017 else "2018-2025"
        for tally in (self.overall, self.by_check.setdefault(check, Tally()), self.by_era.setdefault(era, Tally()),
                      *(self.by_trap.setdefault(trap, Tally()) for trap in page.traps)):
            tally.add(ok)
        if not ok:
            self.failures.append(f"{page.file} {check}: {detail}")


def _year(page: Expected) -> int:
    return page.published.year


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def load(folder: Path) -> list[Expected]:
    pages = []
    for line in (folder / "expected.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            pages.append(Expected(row["file"], row["url"], row["title"], datetime.fromisoformat(row["published"]),
                                  row["body_start"], tuple(row.get("traps") or ("none",))))
    return pages


def langnghe(path: Path, url: str) -> Got:
    result = extract_file(path, url, now=NOW)
    assert isinstance(result, PageExtract), f"{path}: not read as a page"
    return Got(result.title, result.published_at, result.text)


def baseline(path: Path, url: str) -> Got:
    html = decode_page(path.read_bytes())
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    title = str(getattr(doc, "title", "") or "") if doc is not None else ""
    text = str(getattr(doc, "text", "") or "") if doc is not None else ""
    found = htmldate.find_date(html, extensive_search=True, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S%z", url=url)
    return Got(title, _as_time(found), text)


def _as_time(found: str | None) -> datetime | None:
    if not found:
        return None
    when = datetime.fromisoformat(found)
    return when if when.tzinfo else when.replace(tzinfo=HANOI)


def score(pages: list[Expected], folder: Path, read: Callable[[Path, str], Got]) -> Scores:
    scores = Scores()
    for page in pages:
        try:
            got = read(folder / "pages" / page.file, page.url)
        except Exception as exc:  # a crash fails the page's three checks, and is shown
            got = Got("", None, f"<crash: {type(exc).__name__}: {exc}>")
        scores.add(page, "title", _norm(got.title) == _norm(page.title), f"{got.title!r} != {page.title!r}")
        ok = got.published is not None and abs(got.published - page.published) <= TOLERANCE
        shown = got.published.astimezone(HANOI).isoformat() if got.published else None
        scores.add(page, "time", ok, f"{shown} != {page.published.isoformat()}")
        text = _norm(got.text)
        scores.add(page, "body", text.startswith(_norm(page.body_start)), f"{text[:90]!r} vs {page.body_start!r}")
    return scores


def report(runs: dict[str, Scores]) -> list[str]:
    names = list(runs)
    lines = [f"{'':28}" + "".join(f"{name:>24}" for name in names)]

    def row(label: str, pick: Callable[[Scores], Tally]) -> None:
        lines.append(f"{label:28}" + "".join(f"{pick(runs[name]).share():>24}" for name in names))

    row("all checks", lambda s: s.overall)
    first = runs[names[0]]
    for label, groups in (("", "by_check"), ("pages ", "by_era"), ("trap ", "by_trap")):
        keys = CHECKS if groups == "by_check" else tuple(sorted(getattr(first, groups)))
        for key in keys:
            row(f"  {label}{key}", _picker(groups, key))
    return lines


def _picker(groups: str, key: str) -> Callable[[Scores], Tally]:
    def pick(scores: Scores) -> Tally:
        found: dict[str, Tally] = getattr(scores, groups)
        return found.get(key, Tally())

    return pick


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--failures", action="store_true", help="list langnghe's failed checks")
    args = parser.parse_args()
    pages = load(args.data)
    runs = {"langnghe extract": score(pages, args.data, langnghe), "trafilatura+htmldate": score(pages, args.data, baseline)}
    print(f"{len(pages)} pages, {3 * len(pages)} checks each (title exact, time ±90 s, body start)")
    print("\n".join(report(runs)))
    if args.failures:
        print("\nlangnghe's failed checks:")
        print("\n".join(f"  {line}" for line in runs["langnghe extract"].failures))


if __name__ == "__main__":
    main()
