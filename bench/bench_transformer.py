"""Benchmark transformer inference on CPU against the linear model, same signal, same texts, same run.

    .venv/bin/python bench/bench_transformer.py --signal sentiment --items 400 --threads 1

Texts are ~100-syllable posts shuffled from hand-written sentences (no dataset text).
The transformer model is the trained ``<signal>-tf-v1`` in ``--model-dir`` (default:
``$LANGNGHE_TRANSFORMER_DIR`` or ``~/.cache/langnghe/models``); where none is trained
yet, an untrained network of the ``--size`` shape stands in (same speed, no meaning),
and the output says so. Prints items/s for both families, their ratio, and peak RSS.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

from bench_nlp import SENTENCES

from langnghe.errors import ModelMissingError
from langnghe.nlp.normalize import normalize
from langnghe.nlp.registry import TextClassifier, get_model
from langnghe.nlp.transformer import default_dir, require_extra


def make_posts(count: int, syllables: int = 100, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    posts = []
    for _ in range(count):
        words: list[str] = []
        while len(words) < syllables:
            words.extend(rng.choice(SENTENCES).split())
        posts.append(" ".join(words[:syllables]))
    return posts


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def items_per_second(model: TextClassifier, texts: list[str], repeat: int = 2) -> float:
    model.predict_proba(model.prepare(texts[:8]))  # warm up: lazy init, first-call allocations
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        model.predict_proba(model.prepare(texts))
        best = min(best, time.perf_counter() - started)
    return len(texts) / best


def untrained_stand_in(signal: str, size: str, labels: tuple[str, ...]) -> TextClassifier:
    """A randomly initialised classifier of the ``size`` shape, with a tokenizer trained on the bench sentences."""
    import lzma

    from transformers import BertForSequenceClassification

    from langnghe.nlp.transformer.model import TransformerTextModel
    from langnghe.nlp.transformer.pretrain import SIZES, bert_config
    from langnghe.nlp.transformer.tokenizer import train_tokenizer

    folder = Path(tempfile.mkdtemp(prefix="bench-tf-"))
    with lzma.open(folder / "bench.txt.xz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(SENTENCES * 3) + "\n")
    tokenizer = train_tokenizer([folder / "bench.txt.xz"], folder, vocab_size=SIZES[size].vocab)
    config = bert_config(SIZES[size], max(len(tokenizer), SIZES[size].vocab))
    config.num_labels = len(labels)
    network = BertForSequenceClassification(config).eval()
    return TransformerTextModel(signal=signal, version=f"untrained {size}", labels=labels,
                                network=network, tokenizer=tokenizer)


def bench(signal: str, model_dir: Path, items: int, threads: list[int], size: str) -> None:
    texts = [normalize(post) for post in make_posts(items)]
    linear = get_model(signal)
    print(f"{items} posts of 100 syllables (~{sum(map(len, texts)) // items} characters); signal {signal}")
    print(f"peak RSS before loading the transformer: {peak_rss_mb():.0f} MB")
    try:
        transformer = get_model(signal, model_dir, family="transformer")
    except ModelMissingError as missing:
        print(f"no trained model ({str(missing).split(';')[0]}): timing an untrained {size} network instead")
        transformer = untrained_stand_in(signal, size, linear.labels)
    print(f"transformer: {transformer.version}; linear: {linear.version}")
    rates = {f"transformer, {count} thread(s)": _with_threads(count, transformer, texts) for count in threads}
    rates["linear, 1 process"] = items_per_second(linear, texts)
    for label, rate in rates.items():
        print(f"{label:<28} {rate:9.1f} items/s")
    linear_rate = rates["linear, 1 process"]
    for label, rate in rates.items():
        if label.startswith("transformer"):
            print(f"linear / {label}: {linear_rate / rate:.1f}x faster")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


def _with_threads(count: int, model: TextClassifier, texts: list[str]) -> float:
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(count)
    try:
        return items_per_second(model, texts)
    finally:
        torch.set_num_threads(before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--signal", default="sentiment")
    parser.add_argument("--model-dir", type=Path, default=None, help="transformer models; default: the user folder")
    parser.add_argument("--items", type=int, default=400)
    parser.add_argument("--threads", default="1,2", help="torch thread counts to time, comma-separated")
    parser.add_argument("--size", default="small", help="shape of the stand-in when no model is trained")
    args = parser.parse_args()
    try:
        require_extra()
    except ModelMissingError as missing:
        print(f"skipped: {missing}")
        return
    bench(args.signal, args.model_dir or default_dir(), args.items,
          [int(t) for t in args.threads.split(",")], args.size)


if __name__ == "__main__":
    main()
