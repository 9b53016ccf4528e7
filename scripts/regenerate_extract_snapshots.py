"""Rewrite the expected JSON of every extraction snapshot from the current extractor.

    python -m scripts.regenerate_extract_snapshots [FOLDER]

FOLDER defaults to ``tests/crawlers/snapshots``. Each ``<layout>.json`` keeps its inputs (``url``,
``saved_at``); a new layout needs only a JSON with those two beside its ``<layout>.html``. Review
the diff (``git diff tests/crawlers/snapshots``) before committing: it is what the change did.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from langnghe.crawlers.snapshot import regenerate

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "crawlers" / "snapshots"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    changed = regenerate(parser.parse_args().folder)
    for path in changed:
        print(f"rewrote {path}")
    print(f"{len(changed)} snapshot(s) changed")


if __name__ == "__main__":
    main()
