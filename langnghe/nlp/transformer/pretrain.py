"""Masked-LM pre-training of a small Vietnamese BERT encoder on the unlabelled corpus.

``langnghe pretrain --size small --minutes 25`` trains a WordPiece tokenizer (first run
only, :mod:`.tokenizer`), then a ``BertForMaskedLM`` sized by :data:`SIZES`, on token
sequences packed from the interleaved corpus stream, with 15% dynamic masking, AdamW
and a linear warm-up/decay schedule over the step or time budget (whichever ends first).

The budget is for the whole run: a checkpoint (weights, optimiser moments and the stream
position, as safetensors + JSON; no pickle) is written every few minutes, and running
the same command again resumes from it. The finished encoder is a Hugging Face
``save_pretrained`` folder, with ``langnghe_encoder.json`` describing how it was made.

Uses CUDA when ``torch.cuda.is_available()``; otherwise the CPU, where ``--size auto``
means ``small`` (``base`` needs a GPU to get anywhere in minutes).
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file, save_file
from torch.nn import functional as F
from transformers import BertConfig, BertForMaskedLM, DataCollatorForLanguageModeling, PreTrainedTokenizerFast

from langnghe.errors import InputError
from langnghe.nlp.transformer import ENCODER_MARKER
from langnghe.nlp.transformer.model import bf16_autocast
from langnghe.nlp.transformer.tokenizer import CorpusStream, corpus_files, prepare_text, train_tokenizer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Size:
    """Architecture and batch shape of one encoder size."""

    layers: int
    hidden: int
    heads: int
    intermediate: int
    vocab: int
    seq_len: int
    batch: int
    lr: float


SIZES: dict[str, Size] = {
    # For tests: trains in seconds, learns little.
    "tiny": Size(layers=2, hidden=128, heads=2, intermediate=256, vocab=2_000, seq_len=64, batch=8, lr=1e-3),
    # For a CPU: ~10M parameters, ~3,500 tokens per second on one AVX-512 core with bfloat16.
    "small": Size(layers=4, hidden=256, heads=4, intermediate=1024, vocab=12_000, seq_len=256, batch=16, lr=5e-4),
    # For a GPU: BERT-base shape.
    "base": Size(layers=12, hidden=768, heads=12, intermediate=3072, vocab=32_000, seq_len=256, batch=64, lr=2e-4),
}


@dataclass
class PretrainConfig:
    """What ``langnghe pretrain`` was asked to do."""

    corpus_dir: Path
    out_dir: Path
    size: str = "auto"
    minutes: float | None = None
    steps: int | None = None
    threads: int | None = None
    save_every_minutes: float = 5.0
    tokenizer_documents: int = 30_000
    seed: int = 0


@dataclass
class PretrainState:
    """Where a run is: saved with every checkpoint, continued on resume."""

    size: str
    step: int = 0
    seconds: float = 0.0
    tokens: int = 0
    stream: dict[str, Any] = field(default_factory=dict)
    losses: list[tuple[int, float]] = field(default_factory=list)

    @property
    def last_loss(self) -> float:
        return self.losses[-1][1] if self.losses else math.nan


Report = Callable[[PretrainState, float], None]


def pick_device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def resolve_size(size: str, device: torch.device) -> str:
    """``auto`` is ``base`` on a GPU and ``small`` on a CPU (said in the log)."""
    if size == "auto":
        if device.type == "cuda":
            return "base"
        log.warning("no GPU: training the small model on CPU")
        return "small"
    if size not in SIZES:
        raise InputError(f"--size {size!r}: expected one of auto, {', '.join(SIZES)}")
    if device.type != "cuda" and size == "base":
        log.warning("no GPU: the base model on CPU learns very little per minute; --size small is the CPU size")
    return size


def bert_config(size: Size, vocab_size: int) -> BertConfig:
    return BertConfig(
        vocab_size=vocab_size, hidden_size=size.hidden, num_hidden_layers=size.layers,
        num_attention_heads=size.heads, intermediate_size=size.intermediate, max_position_embeddings=512,
        type_vocab_size=2, pad_token_id=0,
    )


def budget_fraction(state: PretrainState, config: PretrainConfig) -> float:
    """How much of the run is done, 0..1: the larger of the step and time fractions."""
    parts = [0.0]
    if config.steps:
        parts.append(state.step / config.steps)
    if config.minutes:
        parts.append(state.seconds / (config.minutes * 60))
    return min(1.0, max(parts))


def learning_rate(peak: float, done: float, warmup: float = 0.06) -> float:
    """Linear warm-up over the first ``warmup`` of the budget, then linear decay to zero."""
    if done < warmup:
        return peak * max(done, 0.002) / warmup
    return peak * max(0.0, 1.0 - done) / (1.0 - warmup)


def packed_sequences(stream: CorpusStream, tokenizer: PreTrainedTokenizerFast, seq_len: int) -> Iterator[list[int]]:
    """Token-id sequences of exactly ``seq_len`` ([CLS] ... [SEP]), documents joined by [SEP]."""
    body = seq_len - 2
    buffer: list[int] = []
    documents = stream.documents()
    while True:
        texts = [prepare_text(next(documents), max_chars=20_000) for _ in range(64)]
        for ids in tokenizer(texts, add_special_tokens=False)["input_ids"]:
            buffer.extend(ids)
            buffer.append(tokenizer.sep_token_id)
        while len(buffer) >= body:
            yield [tokenizer.cls_token_id, *buffer[:body], tokenizer.sep_token_id]
            del buffer[:body]


def masked_lm_loss(model: BertForMaskedLM, batch: dict[str, torch.Tensor]) -> torch.Tensor:
    """Cross-entropy on the masked positions only: the vocabulary projection runs on ~15% of tokens.

    The number of masked positions varies per batch; it is rounded up to a multiple of 64
    (padding rows are ignored by the loss) because every new matrix shape costs the CPU
    kernels a cached plan, and thousands of distinct shapes made memory grow by gigabytes.
    """
    hidden = model.bert(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).last_hidden_state
    labels = batch["labels"].reshape(-1)
    chosen = (labels != -100).nonzero().squeeze(1)
    padded = -(-len(chosen) // 64) * 64
    rows = torch.cat([chosen, chosen.new_zeros(padded - len(chosen))])
    targets = torch.cat([labels[chosen], labels.new_full((padded - len(chosen),), -100)])
    logits = model.cls(hidden.reshape(-1, hidden.shape[-1])[rows])
    return F.cross_entropy(logits.float(), targets, ignore_index=-100)


def make_optimizer(model: torch.nn.Module, lr: float) -> torch.optim.AdamW:
    decay: list[torch.nn.Parameter] = []
    no_decay: list[torch.nn.Parameter] = []
    for name, parameter in model.named_parameters():
        (no_decay if parameter.ndim < 2 or "LayerNorm" in name else decay).append(parameter)
    return torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
        lr=lr, betas=(0.9, 0.98), eps=1e-6,
    )


def save_optimizer(optimizer: torch.optim.Optimizer, directory: Path) -> None:
    """AdamW moments as safetensors, its hyper-parameters as JSON (no pickle)."""
    state = optimizer.state_dict()
    tensors = {f"{index}.{name}": value.detach().cpu().contiguous()
               for index, moments in state["state"].items() for name, value in moments.items()}
    save_file(tensors, str(directory / "optimizer.safetensors"))
    (directory / "optimizer.json").write_text(json.dumps(state["param_groups"]), encoding="utf-8")


def load_optimizer(optimizer: torch.optim.Optimizer, directory: Path, device: torch.device) -> None:
    groups = json.loads((directory / "optimizer.json").read_text(encoding="utf-8"))
    moments: dict[int, dict[str, torch.Tensor]] = {}
    for key, value in load_file(str(directory / "optimizer.safetensors")).items():
        index, name = key.split(".", 1)
        moments.setdefault(int(index), {})[name] = value if name == "step" else value.to(device)
    optimizer.load_state_dict({"state": moments, "param_groups": groups})


def save_checkpoint(
    model: BertForMaskedLM, optimizer: torch.optim.Optimizer, state: PretrainState, out_dir: Path
) -> None:
    """Write ``out_dir/checkpoint`` atomically (a partial folder, then a rename)."""
    partial, final = out_dir / "checkpoint.partial", out_dir / "checkpoint"
    shutil.rmtree(partial, ignore_errors=True)
    model.save_pretrained(partial, safe_serialization=True)
    save_optimizer(optimizer, partial)
    (partial / "state.json").write_text(json.dumps(asdict(state)), encoding="utf-8")
    if final.exists():
        shutil.rmtree(final)
    os.replace(partial, final)


def _tokenizer(config: PretrainConfig, size: Size) -> PreTrainedTokenizerFast:
    if (config.out_dir / "tokenizer.json").is_file():
        return PreTrainedTokenizerFast.from_pretrained(config.out_dir, local_files_only=True)
    log.warning("training a %d-piece WordPiece tokenizer on %d documents", size.vocab, config.tokenizer_documents)
    return train_tokenizer(
        corpus_files(config.corpus_dir), config.out_dir, vocab_size=size.vocab,
        max_documents=config.tokenizer_documents,
    )


def _start(
    config: PretrainConfig, size_name: str, tokenizer: PreTrainedTokenizerFast, device: torch.device
) -> tuple[BertForMaskedLM, torch.optim.AdamW, PretrainState]:
    size = SIZES[size_name]
    checkpoint = config.out_dir / "checkpoint"
    if (checkpoint / "state.json").is_file():
        state = PretrainState(**json.loads((checkpoint / "state.json").read_text(encoding="utf-8")))
        if state.size != size_name:
            raise InputError(f"{checkpoint} holds a {state.size!r} model, not {size_name!r}: use another --out")
        model = BertForMaskedLM.from_pretrained(checkpoint, local_files_only=True)
        torch.nn.Module.to(model, device)  # transformers types its wrapped .to() in a way mypy misreads
        optimizer = make_optimizer(model, size.lr)
        load_optimizer(optimizer, checkpoint, device)
        log.warning("resuming from %s at step %d", checkpoint, state.step)
        return model, optimizer, state
    torch.manual_seed(config.seed)
    model = BertForMaskedLM(bert_config(size, len(tokenizer)))
    torch.nn.Module.to(model, device)  # transformers types its wrapped .to() in a way mypy misreads
    return model, make_optimizer(model, size.lr), PretrainState(size=size_name)


def pretrain(config: PretrainConfig, report: Report | None = None) -> PretrainState:
    """Pre-train (or resume) an encoder into ``config.out_dir``; return the final state."""
    if not config.minutes and not config.steps:
        raise InputError("pretrain needs a budget: --minutes and/or --steps")
    if config.threads:
        torch.set_num_threads(config.threads)
    device = pick_device()
    size_name = resolve_size(config.size, device)
    size = SIZES[size_name]
    config.out_dir.mkdir(parents=True, exist_ok=True)
    tokenizer = _tokenizer(config, size)
    model, optimizer, state = _start(config, size_name, tokenizer, device)
    stream = CorpusStream(corpus_files(config.corpus_dir), state.stream)
    try:
        _loop(model, optimizer, state, config, size, _batches(stream, tokenizer, size, config.seed), device, report)
        state.stream = stream.position()
    finally:
        stream.close()
    save_checkpoint(model, optimizer, state, config.out_dir)
    _save_encoder(model, tokenizer, state, config, device)
    return state


def _batches(
    stream: CorpusStream, tokenizer: PreTrainedTokenizerFast, size: Size, seed: int
) -> Iterator[tuple[dict[str, torch.Tensor], CorpusStream]]:
    collator = DataCollatorForLanguageModeling(tokenizer, mlm_probability=0.15, return_tensors="pt", seed=seed)
    sequences = packed_sequences(stream, tokenizer, size.seq_len)
    while True:
        rows = [{"input_ids": next(sequences)} for _ in range(size.batch)]
        yield collator(rows), stream


def _loop(
    model: BertForMaskedLM, optimizer: torch.optim.AdamW, state: PretrainState, config: PretrainConfig,
    size: Size, batches: Iterator[tuple[dict[str, torch.Tensor], CorpusStream]], device: torch.device,
    report: Report | None,
) -> None:
    model.train()
    last_save = time.monotonic()
    running: list[float] = []
    autocast = bf16_autocast(device)
    while (done := budget_fraction(state, config)) < 1.0:
        started = time.monotonic()
        batch, stream = next(batches)
        batch = {key: value.to(device) for key, value in batch.items()}
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(size.lr, done)
        with autocast:
            loss = masked_lm_loss(model, batch)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        running.append(float(loss.detach()))
        state.step += 1
        state.tokens += int(batch["attention_mask"].sum())
        state.seconds += time.monotonic() - started
        if state.step % 20 == 0:
            state.losses.append((state.step, round(sum(running) / len(running), 4)))
            running.clear()
        if report:
            report(state, budget_fraction(state, config))
        if time.monotonic() - last_save > config.save_every_minutes * 60:
            state.stream = stream.position()
            save_checkpoint(model, optimizer, state, config.out_dir)
            last_save = time.monotonic()
    if running:
        state.losses.append((state.step, round(sum(running) / len(running), 4)))


def _save_encoder(
    model: BertForMaskedLM, tokenizer: PreTrainedTokenizerFast, state: PretrainState, config: PretrainConfig,
    device: torch.device,
) -> None:
    model.save_pretrained(config.out_dir, safe_serialization=True)
    tokenizer.save_pretrained(config.out_dir)
    marker = {
        "kind": "langnghe self-pre-trained encoder",
        "size": state.size,
        "architecture": asdict(SIZES[state.size]),
        "steps": state.step,
        "tokens": state.tokens,
        "seconds": round(state.seconds, 1),
        "final_loss": state.last_loss,
        "corpus": sorted(path.name for path in corpus_files(config.corpus_dir)),
        "device": device.type,
        "threads": torch.get_num_threads(),
        "torch_version": torch.__version__,
        "lowercase": True,
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    (config.out_dir / ENCODER_MARKER).write_text(json.dumps(marker, indent=1), encoding="utf-8")
