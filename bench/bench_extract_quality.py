"""Text extraction quality: langnghe's article text against trafilatura's own, on an annotated corpus.

    .venv/bin/python bench/bench_extract_quality.py --corpus DIR [--limit N]

``DIR`` holds an ``evaldata.json`` (page URL -> ``file``, ``with``: snippets the main text must
hold, ``without``: snippets it must not) and the saved pages under ``DIR/eval`` or
``DIR/cache``: trafilatura's ``tests`` folder has this layout (990 annotated pages, many
languages). Nothing of it is shipped here; point ``--corpus`` at a checkout.

Each page is read as ``langnghe extract`` reads it (``extract_article``: trafilatura, then
the lead, title and closing-name rules and the forum user-block stripping) and, as the
baseline of the same run, by ``trafilatura.extract`` with its defaults. A snippet counts when
its whitespace-normalised text is inside the whitespace-normalised result; the figure is the
F1 over all snippets (a crash counts as an empty result, and is counted). The time per page is
given as a ratio to trafilatura's in the same run: langnghe reads the page a second time for
the date, lead, title, author and forum parts.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import trafilatura

from langnghe.crawlers.decoding import decode_page
from langnghe.crawlers.extract import extract_article

_NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


@dataclass
class Score:
    """Snippet counts: wanted found (hit), wanted missing (miss), unwanted found (leak)."""

    hit: int = 0
    miss: int = 0
    leak: int = 0
    crashes: int = 0
    seconds: float = 0.0

    def f1(self) -> float:
        total = 2 * self.hit + self.miss + self.leak
        return 2 * self.hit / total if total else 0.0


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _langnghe(body: bytes, url: str) -> str:
    return extract_article(decode_page(body), url, now=_NOW).text


def _trafilatura(body: bytes, url: str) -> str:
    return trafilatura.extract(body, url=url) or ""


def _score(run: Callable[[bytes, str], str], pages: list[tuple[str, bytes, dict[str, list[str]]]]) -> Score:
    score = Score()
    start = time.perf_counter()
    for url, body, wanted in pages:
        try:
            text = _squash(run(body, url))
        except Exception:  # a crash is a miss of every wanted snippet, as in production
            score.crashes += 1
            text = ""
        found = [_squash(s) in text for s in wanted["with"]]
        score.hit += sum(found)
        score.miss += len(found) - sum(found)
        score.leak += sum(_squash(s) in text for s in wanted["without"])
    score.seconds = time.perf_counter() - start
    return score


def _pages(corpus: Path, limit: int | None) -> list[tuple[str, bytes, dict[str, list[str]]]]:
    notes = json.loads((corpus / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for url in sorted(notes)[:limit]:
        name = notes[url]["file"]
        path = next((p for p in (corpus / "eval" / name, corpus / "cache" / name) if p.is_file()), None)
        if path is not None:
            pages.append((url, path.read_bytes(), notes[url]))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    pages = _pages(args.corpus, args.limit)
    print(f"{len(pages)} annotated pages")
    baseline = None
    for name, run in (("trafilatura.extract (baseline)", _trafilatura), ("langnghe extract_article", _langnghe)):
        score = _score(run, pages)
        baseline = baseline or score.seconds
        print(
            f"{name:32} F1 {score.f1():.3f}  (hit {score.hit}, miss {score.miss}, leak {score.leak}, "
            f"crashes {score.crashes}); {1000 * score.seconds / len(pages):.1f} ms a page, {score.seconds / baseline:.2f}x the baseline"
        )


if __name__ == "__main__":
    main()
