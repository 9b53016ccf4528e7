"""Draw the news items to label for news tone (issue 15) from the shared unlabelled corpus.

    python scripts/news_tone_sample.py --corpus ../shared/datasets/corpus --out items.jsonl

Each line written is ``{"id", "title", "lead"}`` (see :mod:`langnghe.nlp.tone_data`: the
draw is seeded and stable, ids name the file and the document's position in it, so labels
are kept without the corpus text, which must never be committed).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from langnghe.nlp.tone_data import COUNT, SEED, draw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path("../shared/datasets/corpus"))
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    items = draw(args.corpus, args.count, args.seed)
    with args.out.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps({"id": item.id, "title": item.title, "lead": item.lead}, ensure_ascii=False) + "\n")
    print(f"{len(items)} items written to {args.out}")


if __name__ == "__main__":
    main()
