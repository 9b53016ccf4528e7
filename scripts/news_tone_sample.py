"""Draw the news items to label for news tone (issue 15) from the shared unlabelled corpus.

    python scripts/news_tone_sample.py --corpus ../shared/datasets/corpus --count 4000 --out ITEMS.jsonl

Each line written is ``{"id", "title", "lead"}``: the headline and the first paragraph of a
baomoi 2017 article (title on the first line, lead on the second) or of a VNTC article (its
first paragraph, cut at the first sentence end after 60 characters: the VNTC files glue
the title to the lead). The draw is seeded and stable, duplicate titles are dropped, and ids
name the file and the document's position in it (``baomoi:1234``, ``vntc:567``), so labels can
be kept without the corpus text (which must never be committed) and joined back to it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import random
import re
from collections.abc import Iterator
from pathlib import Path

FILES = {"baomoi": "news_baomoi_2017_fulltext.txt.xz", "vntc": "news_vntc_train.txt.xz"}
SHARE = {"baomoi": 0.8, "vntc": 0.2}
MAX_LEAD = 400


def documents(path: Path) -> Iterator[list[str]]:
    """The documents of a corpus file: paragraphs, a blank line between documents."""
    paragraphs: list[str] = []
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if line:
                paragraphs.append(line)
            elif paragraphs:
                yield paragraphs
                paragraphs = []
    if paragraphs:
        yield paragraphs


def title_and_lead(source: str, paragraphs: list[str]) -> tuple[str, str] | None:
    if source == "baomoi":
        if len(paragraphs) < 2:
            return None
        title, lead = paragraphs[0], paragraphs[1]
    else:
        first = paragraphs[0]
        cut = re.search(r"(?<=\S)\s+(?=[A-ZĐÀ-Ỹ])", first[20:120])  # where the glued title ends
        if cut is None:
            return None
        title, lead = first[: 20 + cut.start()], first[20 + cut.end():]
    if not 15 <= len(title) <= 200 or len(lead) < 40:
        return None
    return title.strip(), lead[:MAX_LEAD].rsplit(" ", 1)[0] if len(lead) > MAX_LEAD else lead


def draw(corpus: Path, count: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    chosen: list[dict[str, str]] = []
    seen: set[str] = set()
    for source, name in FILES.items():
        pool = [(f"{source}:{n}", pair) for n, doc in enumerate(documents(corpus / name))
                if (pair := title_and_lead(source, doc)) is not None]  # fmt: skip
        rng.shuffle(pool)
        wanted = round(count * SHARE[source])
        for item_id, (title, lead) in pool:
            key = hashlib.sha1(title.lower().encode()).hexdigest()
            if key in seen:
                continue
            seen.add(key)
            chosen.append({"id": item_id, "title": title, "lead": lead})
            wanted -= 1
            if wanted == 0:
                break
    rng.shuffle(chosen)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path("../shared/datasets/corpus"))
    parser.add_argument("--count", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    items = draw(args.corpus, args.count, args.seed)
    with args.out.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{len(items)} items written to {args.out}")


if __name__ == "__main__":
    main()
