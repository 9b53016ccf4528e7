"""Record the plain baseline beside an already-trained linear model (issue 15, point 5).

    python scripts/record_baseline.py emotion misinfo --data ../shared/datasets

For each signal: fits the plain TF-IDF + logistic regression baseline on the train split the
shipped model was trained on, scores it and the model on the same dev sets (all rows, typed
without diacritics, each dataset), and writes both into the model's ``.json`` (weights
untouched). ``langnghe train`` records the same thing for the models it writes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from langnghe.nlp.baseline import shortfalls
from langnghe.nlp.train import default_model_dir, record_baseline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("signals", nargs="+")
    parser.add_argument("--data", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--models", type=Path, default=default_model_dir())
    args = parser.parse_args()
    for signal in args.signals:
        meta = record_baseline(signal, args.data, args.models, progress=print)
        below = shortfalls(meta["dev"], meta["baseline"]["dev"])
        print(f"{signal}: " + ("not below the baseline on any dev set" if not below else "BELOW: " + "; ".join(below)))


if __name__ == "__main__":
    main()
