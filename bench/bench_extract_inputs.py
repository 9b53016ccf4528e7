"""Robustness of ``langnghe extract`` over a folder of real-world inputs (other projects' test files).

    .venv/bin/python bench/bench_extract_inputs.py DIR [DIR ...]

Every file under the folders goes through ``extract_file`` as the command reads it. Counted:
pages, feeds, sitemaps, refusals (``ExtractError``: the one-line error) and crashes (any other
exception: a traceback for the user, the figure that must stay 0). For each file feedparser
reads as a feed with entries, the entry count is compared with feedparser's, the baseline of
the same run: "feeds read short" are those where langnghe has fewer entries or refuses them.
Point it at feedparser's ``tests`` and trafilatura's ``tests/cache`` checkouts; nothing of them
is shipped here.
"""

from __future__ import annotations

import argparse
import warnings
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import feedparser

from langnghe.crawlers.extract import ExtractError, FeedExtract, extract_file

_NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
_SKIPPED = {".py", ".pyc"}


def _one(path: Path, counts: Counter[str], short: list[str], crashes: list[str]) -> None:
    try:
        got = extract_file(path, "https://example.org/", now=_NOW)
    except ExtractError:
        counts["refused"] += 1
        got = None
    except Exception as exc:  # noqa: BLE001 (the figure measured)
        counts["crashed"] += 1
        crashes.append(f"{path}: {type(exc).__name__}: {str(exc)[:100]}")
        return
    if got is not None:
        counts["feed" if isinstance(got, FeedExtract) and got.title not in ("sitemap", "sitemap index") else type(got).__name__] += 1
    expected = len(feedparser.parse(path.read_bytes()).entries)
    if expected:
        counts["feedparser feeds"] += 1
        entries = len(got.entries) if isinstance(got, FeedExtract) else -1
        if entries < expected:
            short.append(f"{path}: {entries if entries >= 0 else 'not read as a feed'} of {expected} entries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--show", type=int, default=10, help="list this many of the short feeds and crashes")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    counts: Counter[str] = Counter()
    short: list[str] = []
    crashes: list[str] = []
    files = sorted(p for folder in args.folders for p in folder.rglob("*") if p.is_file() and p.suffix not in _SKIPPED)
    for path in files:
        _one(path, counts, short, crashes)
    print(f"{len(files)} files: " + ", ".join(f"{name} {n}" for name, n in sorted(counts.items())))
    print(f"feeds read short of feedparser: {len(short)}; crashes: {len(crashes)}")
    for line in (short + crashes)[: args.show]:
        print("  " + line)


if __name__ == "__main__":
    main()
