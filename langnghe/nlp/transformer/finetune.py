"""Fine-tune an encoder into a signal's classifier: ``langnghe train <signal> --family transformer``.

Reads the same deduplicated train/dev rows as the linear family
(:func:`langnghe.nlp.corpora.load_corpora`), keeps a stratified tenth of train aside for
calibration, and fine-tunes ``AutoModelForSequenceClassification`` from the encoder
folder (``langnghe pretrain``'s by default, or any local Hugging Face encoder such as a
PhoBERT download) with a class-weighted loss, AdamW and a linear warm-up/decay over the
epoch or time budget. Dev macro-F1 is measured after every epoch and the best epoch is
kept; its temperature is fitted on the held-out tenth, and the artifact (see
:mod:`.model`) records the dev scores of exactly what is written.
"""

from __future__ import annotations

import logging
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from sklearn.model_selection import train_test_split
from torch.nn import functional as F
from transformers import AutoModelForSequenceClassification, AutoTokenizer, PreTrainedModel, PreTrainedTokenizerBase

from langnghe.errors import InputError, ModelMissingError
from langnghe.nlp.corpora import SOURCES, Corpus, load_corpora
from langnghe.nlp.evaluation import classification_report
from langnghe.nlp.features import CLASSIFY_MAX_CHARS
from langnghe.nlp.linear import softmax
from langnghe.nlp.registry import clear_models
from langnghe.nlp.candidates import fit_temperature
from langnghe.nlp.transformer import ENCODER_MARKER, artifact_dir, default_dir, default_encoder_dir
from langnghe.nlp.transformer.model import (
    CHARS_PER_TOKEN,
    TransformerTextModel,
    bf16_autocast,
    logits_of,
    pad_batch,
    set_threads,
    wants_word_segments,
)
from langnghe.nlp.transformer.pretrain import learning_rate, pick_device
from langnghe.nlp.transformer.scoring import dev_scores, ensemble_dev_scores

log = logging.getLogger(__name__)
Progress = Callable[[str], None]


@dataclass
class FinetuneConfig:
    """One fine-tuning run; :meth:`build` fills the defaults."""

    signal: str
    data_dir: Path
    out_dir: Path
    encoder: Path
    epochs: int = 3
    max_train: int | None = None
    minutes: float | None = None
    threads: int | None = None
    batch_size: int = 32
    learning_rate: float | None = None
    max_length: int = 256
    calibration_fraction: float = 0.1
    seed: int = 0

    @classmethod
    def build(cls, signal: str, data_dir: Path, out_dir: Path | None = None, **options: Any) -> FinetuneConfig:
        if signal not in SOURCES:
            raise InputError(f"unknown signal {signal!r}; known: {', '.join(sorted(SOURCES))}")
        encoder = options.pop("encoder", None) or default_encoder()
        return cls(signal=signal, data_dir=data_dir, out_dir=out_dir or default_dir(), encoder=encoder, **options)


def default_encoder(base: Path | None = None) -> Path:
    """The largest encoder that ``langnghe pretrain`` has written (base, then small, then tiny)."""
    for size in ("base", "small", "tiny"):
        candidate = default_encoder_dir(size, base)
        if (candidate / ENCODER_MARKER).is_file():
            return candidate
    raise ModelMissingError(
        f"no pre-trained encoder in {base or default_dir()}: run `langnghe pretrain --minutes 25` first, "
        "or pass --encoder DIR (a local Hugging Face encoder folder, e.g. PhoBERT)"
    )


@dataclass
class Encoded:
    """Token ids and label indices of one split."""

    ids: list[list[int]]
    labels: np.ndarray


def _subsample(corpus: Corpus, limit: int | None, seed: int) -> Corpus:
    if limit is None or len(corpus) <= limit:
        return corpus
    keep, _ = train_test_split(
        np.arange(len(corpus)), train_size=limit, stratify=corpus.labels, random_state=seed
    )
    return _rows(corpus, sorted(keep))


def _rows(corpus: Corpus, rows: Sequence[int]) -> Corpus:
    part = Corpus(dropped=dict(corpus.dropped))
    for i in rows:
        part.add(corpus.texts[i], corpus.labels[i], corpus.datasets[i])
    return part


def _split_calibration(corpus: Corpus, fraction: float, seed: int) -> tuple[Corpus, Corpus]:
    counts = Counter(corpus.labels)
    stratify = corpus.labels if min(counts.values()) >= 2 else None
    fit, held = train_test_split(np.arange(len(corpus)), test_size=fraction, stratify=stratify, random_state=seed)
    return _rows(corpus, sorted(fit)), _rows(corpus, sorted(held))


def _is_own_encoder(encoder: Path) -> bool:
    return (encoder / ENCODER_MARKER).is_file()


def length_grouped_batches(lengths: Sequence[int], batch_size: int, rng: random.Random) -> Iterator[list[int]]:
    """Shuffled batches of similar lengths: sort within shuffled windows of 50 batches, then shuffle the batches."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    window = batch_size * 50
    batches: list[list[int]] = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start : start + window], key=lengths.__getitem__)
        batches.extend(chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    yield from batches


def class_weights(labels: np.ndarray, n_labels: int) -> torch.Tensor:
    """``n / (k * count)`` per class, like scikit-learn's ``class_weight="balanced"``."""
    counts = np.bincount(labels, minlength=n_labels).astype(np.float64)
    weights = len(labels) / (n_labels * np.maximum(counts, 1.0))
    return torch.tensor(weights, dtype=torch.float32)


def _peak_lr(config: FinetuneConfig, network: PreTrainedModel) -> float:
    if config.learning_rate:
        return config.learning_rate
    # Small encoders want a larger step than BERT-base-sized ones (PhoBERT: 2e-5..5e-5).
    return 2e-4 if int(getattr(network.config, "hidden_size", 768)) < 512 else 3e-5


@dataclass
class Trainer:
    """The loop: epochs of length-grouped batches, dev macro-F1 after each, best weights kept."""

    config: FinetuneConfig
    network: PreTrainedModel
    tokenizer: PreTrainedTokenizerBase
    labels: tuple[str, ...]
    say: Progress
    history: list[dict[str, Any]] = field(default_factory=list)
    best_dev_logits: np.ndarray | None = None  # the kept epoch's dev logits, so dev is not scored twice

    def run(self, train: Encoded, dev: Encoded) -> dict[str, torch.Tensor]:
        device = next(self.network.parameters()).device
        optimizer = torch.optim.AdamW(self.network.parameters(), lr=1e-5, weight_decay=0.01)
        weights = class_weights(train.labels, len(self.labels)).to(device)
        peak, lengths = _peak_lr(self.config, self.network), [len(ids) for ids in train.ids]
        total_steps = self.config.epochs * -(-len(train.ids) // self.config.batch_size)
        rng, started, step = random.Random(self.config.seed), time.monotonic(), 0
        best: tuple[float, dict[str, torch.Tensor]] = (-1.0, {})
        for epoch in range(1, self.config.epochs + 1):
            self.network.train()
            for rows in length_grouped_batches(lengths, self.config.batch_size, rng):
                done = self._done(step, total_steps, started)
                if done >= 1.0:
                    break
                self._step(optimizer, train, rows, weights, learning_rate(peak, done), device)
                step += 1
            score, logits = self._evaluate(dev, epoch, step, time.monotonic() - started)
            if score > best[0]:
                best = (score, {k: v.detach().clone() for k, v in self.network.state_dict().items()})
                self.best_dev_logits = logits
            if self._done(step, total_steps, started) >= 1.0:
                break
        return best[1]

    def _done(self, step: int, total_steps: int, started: float) -> float:
        parts = [step / max(1, total_steps)]
        if self.config.minutes:
            parts.append((time.monotonic() - started) / (self.config.minutes * 60))
        return max(parts)

    def _step(
        self, optimizer: torch.optim.Optimizer, train: Encoded, rows: list[int], weights: torch.Tensor,
        lr: float, device: torch.device,
    ) -> None:
        for group in optimizer.param_groups:
            group["lr"] = lr
        batch = pad_batch(self.tokenizer, [train.ids[i] for i in rows])
        gold = torch.as_tensor(train.labels[rows], device=device)
        with bf16_autocast(device):
            logits = self.network(
                input_ids=batch["input_ids"].to(device), attention_mask=batch["attention_mask"].to(device)
            ).logits
        loss = F.cross_entropy(logits.float(), gold, weight=weights)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.network.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    def _evaluate(self, dev: Encoded, epoch: int, step: int, seconds: float) -> tuple[float, np.ndarray]:
        logits = logits_of(self.network, self.tokenizer, dev.ids, 64, len(self.labels))
        predicted = [self.labels[i] for i in logits.argmax(axis=1)]
        gold = [self.labels[i] for i in dev.labels]
        report = classification_report(gold, predicted, self.labels, detail=False)
        self.history.append({"epoch": epoch, "step": step, "seconds": round(seconds, 1),
                             "dev_macro_f1": report["macro_f1"], "dev_accuracy": report["accuracy"]})
        self.say(f"  epoch {epoch}: step {step}, dev macro-F1 {report['macro_f1']:.4f}, "
                 f"accuracy {report['accuracy']:.4f} ({seconds / 60:.1f} min)")
        return float(report["macro_f1"]), logits


def _encode(model: TransformerTextModel, corpus: Corpus) -> Encoded:
    ids = model.encode(model.prepare(corpus.texts)) if len(corpus) else []
    return Encoded(ids=ids, labels=np.array([model.labels.index(label) for label in corpus.labels], dtype=np.int64))


@dataclass
class Splits:
    """Train rows the network learns from, the held-out tenth for calibration, dev rows, and the labels."""

    fit: Corpus
    held: Corpus
    dev: Corpus
    labels: tuple[str, ...]


def read_splits(config: FinetuneConfig) -> Splits:
    # Cut where the linear family cuts, so both families see the same deduplicated rows.
    max_chars = max(CLASSIFY_MAX_CHARS, config.max_length * CHARS_PER_TOKEN)
    train, dev = load_corpora(config.signal, config.data_dir, max_chars)
    train = _subsample(train, config.max_train, config.seed)
    fit, held = _split_calibration(train, config.calibration_fraction, config.seed)
    return Splits(fit, held, dev, tuple(sorted(set(train.labels))))


def finetune_signal(config: FinetuneConfig, progress: Progress | None = None) -> dict[str, Any]:
    """Fine-tune ``config.encoder`` on ``config.signal``; write ``<out_dir>/<signal>-tf-v1``; return dev metrics."""
    say: Progress = progress or (lambda message: None)
    started = time.monotonic()
    set_threads(config.threads)
    torch.manual_seed(config.seed)
    device = pick_device()
    if device.type == "cpu":
        say(f"{config.signal}: no GPU: fine-tuning on CPU ({torch.get_num_threads()} threads)")
    splits = read_splits(config)
    say(f"{config.signal}: {len(splits.fit)} train / {len(splits.held)} calibration / {len(splits.dev)} dev rows; "
        f"labels {', '.join(splits.labels)}")
    model = _initial_model(config, splits.labels, device)
    trainer = Trainer(config, model.network, model.tokenizer, splits.labels, say)
    model.network.load_state_dict(trainer.run(_encode(model, splits.fit), _encode(model, splits.dev)))
    if len(splits.held):
        model.temperature = fit_temperature(model.logits(model.prepare(splits.held.texts)),
                                            _encode(model, splits.held).labels)
    say(f"{config.signal}: best epoch kept, temperature {model.temperature}")
    assert trainer.best_dev_logits is not None
    return _finish(config, model, trainer, splits, softmax(trainer.best_dev_logits, model.temperature),
                   time.monotonic() - started, say)


def _finish(
    config: FinetuneConfig, model: TransformerTextModel, trainer: Trainer, splits: Splits,
    probabilities: np.ndarray, seconds: float, say: Progress,
) -> dict[str, Any]:
    """Score the kept model on dev (its own and averaged with the linear model), write it, report."""
    scores = dev_scores(model, splits.dev, probabilities)
    device = next(model.network.parameters()).device
    model.meta = _meta(config, trainer.history, splits, scores, seconds, device)
    model.meta["dev_ensemble_with_linear"] = ensemble_dev_scores(model, splits.dev, probabilities, say)
    path = model.save(artifact_dir(config.signal, config.out_dir))
    clear_models()  # a process that trained into a folder must serve the new model from it
    say(f"{config.signal}: wrote {path} (dev macro-F1 {scores['combined']['macro_f1']:.4f})")
    by_dataset = {name: report for name, report in scores.items() if name != "combined"}
    return {"signal": config.signal, "version": model.version, "artifact": str(path), "encoder": str(config.encoder),
            "temperature": model.temperature, **scores["combined"], "by_dataset": by_dataset,
            "epochs": trainer.history, "train_seconds": model.meta["train_seconds"]}


def _initial_model(config: FinetuneConfig, labels: tuple[str, ...], device: torch.device) -> TransformerTextModel:
    if not (config.encoder / "config.json").is_file():
        raise ModelMissingError(
            f"--encoder {config.encoder}: no config.json; expected a Hugging Face encoder folder "
            "(from `langnghe pretrain` or a local PhoBERT download)"
        )
    network = AutoModelForSequenceClassification.from_pretrained(
        config.encoder, num_labels=len(labels), id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)}, local_files_only=True,
    )
    network.to(device)
    tokenizer = AutoTokenizer.from_pretrained(config.encoder, local_files_only=True)
    max_positions = int(getattr(network.config, "max_position_embeddings", 512))
    return TransformerTextModel(
        signal=config.signal, version=artifact_dir(config.signal).name, labels=labels, network=network,
        tokenizer=tokenizer, max_length=min(config.max_length, max_positions - 2),
        lowercase=_is_own_encoder(config.encoder), word_segmented=wants_word_segments(tokenizer),
    )


def _meta(
    config: FinetuneConfig, history: list[dict[str, Any]], splits: Splits, scores: dict[str, Any], seconds: float,
    device: torch.device,
) -> dict[str, Any]:
    settings = {k: str(v) if isinstance(v, Path) else v for k, v in asdict(config).items()}
    counts = {name: {"train": splits.fit.datasets.count(name), "calibration": splits.held.datasets.count(name),
                     "dev": splits.dev.datasets.count(name)} for name in sorted(set(splits.fit.datasets))}
    return {
        "encoder": str(config.encoder),
        "encoder_is_langnghe": _is_own_encoder(config.encoder),
        "finetune": settings,
        "calibration": "temperature-scaled softmax; T fitted on a stratified held-out tenth of train",
        "data": counts,
        "epochs": history,
        "dev": scores,
        "device": device.type,
        "threads": torch.get_num_threads(),
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "train_seconds": round(seconds, 1),
        "torch_version": torch.__version__,
    }
