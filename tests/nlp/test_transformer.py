"""The transformer family end to end on tiny hand-written data: tokenizer, masked-LM
pre-training (and its resume), fine-tuning, the registry, annotate, eval and the ensemble.

Everything runs on one CPU thread with the ``tiny`` size in a few seconds per step; the
tests need the ``transformer`` extra and are skipped, saying so, only where torch is not
installed. Nothing touches the Hugging Face hub (HF_HUB_OFFLINE=1).
"""

from __future__ import annotations

import importlib.util
import json
import lzma
import math
import os
import random
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from langnghe.errors import ModelMissingError
from langnghe.nlp.registry import ModelRegistry, clear_models, get_model
from langnghe.nlp.transformer import EXTRA_MESSAGE, artifact_dir, require_extra

os.environ.setdefault("HF_HUB_OFFLINE", "1")

needs_torch = pytest.mark.skipif(
    importlib.util.find_spec("torch") is None or importlib.util.find_spec("transformers") is None,
    reason="the transformer extra is not installed: pip install 'langnghe[transformer]'",
)

CORPUS_PARAGRAPHS = (
    "Hà Nội hôm nay trời mưa to, nhiều tuyến phố bị ngập sâu.",
    "Người dân đi làm vất vả vì tắc đường kéo dài.",
    "Đội tuyển bóng đá Việt Nam thắng đậm trong trận đấu tối qua.",
    "Cổ động viên đổ ra đường ăn mừng chiến thắng của đội nhà.",
    "Bệnh viện tiếp nhận nhiều bệnh nhân sốt xuất huyết trong tuần.",
    "Bác sĩ khuyến cáo người dân diệt muỗi và giữ vệ sinh nhà cửa.",
    "Giá vàng trong nước tăng mạnh, người dân xếp hàng mua vàng.",
    "Sản phẩm này dùng rất tốt, giao hàng nhanh, tôi rất hài lòng.",
    "Quán ăn phục vụ chậm, món ăn nguội, thất vọng quá.",
    "Công an khởi tố vụ án lừa đảo chiếm đoạt tài sản qua mạng.",
)

# Hand-written words per label; texts are seeded random mixes of them with neutral fillers.
LABEL_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "section": {
        "Y te": ("bệnh viện", "bác sĩ", "sốt xuất huyết", "vắc xin"),
        "The thao": ("bóng đá", "cầu thủ", "ghi bàn", "trận đấu"),
    },
    "sentiment": {"positive": ("rất tốt", "hài lòng", "tuyệt vời", "đáng tiền"),
                  "negative": ("tệ quá", "thất vọng", "hàng lỗi", "chán"),
                  "neutral": ("bình thường", "tạm được", "không rõ", "chưa dùng")},
    "emotion": {"Enjoyment": ("vui quá", "hạnh phúc", "haha"), "Sadness": ("buồn", "khóc", "tiếc"),
                "Anger": ("bực mình", "tức điên", "ghét")},
    "toxicity": {
        "CLEAN": ("cảm ơn bạn", "chúc mừng", "hay quá"),
        "OFFENSIVE": ("đồ ngốc", "im đi", "vô duyên"),
        "HATE": ("cút về nước", "đồ rác rưởi", "bọn mất dạy"),
    },
    "misinfo": {"reliable": ("bộ y tế", "thông báo chính thức", "theo số liệu"),
                "unreliable": ("tin đồn", "chia sẻ gấp", "sốc quá", "uống nước muối chữa khỏi")},
}
SECTION_LABELS = {"Y te": "Suc khoe", "The thao": "The thao"}
FILLERS = ("hôm nay", "người dân", "thành phố", "mọi người", "tuần này", "ở quê", "trên mạng", "buổi sáng",
           "nhà mình", "đường phố", "sau đó", "thật sự", "nhiều lắm", "mấy hôm")
DATASETS = {
    "section": ("vntc",),
    "sentiment": ("uit_vsfc", "vlsp2016_sa", "aivivn2019_sa"),
    "emotion": ("uit_vsmec",),
    "toxicity": ("vihsd", "vlsp2019_hsd"),
    "misinfo": ("reintel_vlsp2020",),
}


def _write_xz(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with lzma.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def _rows(signal: str, rng: random.Random, per_label: int) -> list[dict[str, str]]:
    rows = []
    for label, words in LABEL_WORDS[signal].items():
        for _ in range(per_label):
            parts = [rng.choice(words), *rng.sample(FILLERS, 4), rng.choice(words)]
            rng.shuffle(parts)
            rows.append({"text": " ".join(parts).capitalize() + ".", "label": SECTION_LABELS.get(label, label)})
    rng.shuffle(rows)
    return rows


def write_datasets(root: Path, per_label: int = 12) -> Path:
    """A datasets folder laid out like ../shared/datasets: <dataset>/{train,dev}.jsonl.xz."""
    rng = random.Random(7)
    for signal, names in DATASETS.items():
        for name in names:
            for split, count in (("train", per_label), ("dev", max(3, per_label // 3))):
                rows = _rows(signal, rng, count)
                _write_xz(root / name / f"{split}.jsonl.xz", [json.dumps(r, ensure_ascii=False) for r in rows])
    return root


@pytest.fixture(scope="module", autouse=True)
def one_thread() -> Iterator[None]:
    if importlib.util.find_spec("torch") is None:
        yield
        return
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    news: list[str] = []
    social: list[str] = []
    for round_ in range(6):
        for i, paragraph in enumerate(CORPUS_PARAGRAPHS):
            (news if i % 2 else social).append(paragraph)
            if i % 3 == round_ % 3:
                (news if i % 2 else social).append("")  # a blank line ends a document
    _write_xz(root / "news.txt.xz", news)
    _write_xz(root / "social.txt.xz", social)
    return root


@pytest.fixture(scope="module")
def encoder(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_extra()
    from langnghe.nlp.transformer.pretrain import PretrainConfig, pretrain

    out = tmp_path_factory.mktemp("models") / "encoder-vi-tiny"
    pretrain(PretrainConfig(corpus_dir=corpus_dir, out_dir=out, size="tiny", steps=3, tokenizer_documents=100))
    return out


@pytest.fixture(scope="module")
def trained(encoder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model folder with a tiny transformer model for every signal."""
    from langnghe.nlp.transformer.finetune import FinetuneConfig, finetune_signal

    data = write_datasets(tmp_path_factory.mktemp("datasets"))
    out = encoder.parent
    for signal in DATASETS:
        config = FinetuneConfig.build(signal, data, out, encoder=encoder, epochs=2, max_length=48, batch_size=8)
        finetune_signal(config)
    return out


def test_missing_extra_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    with pytest.raises(ModelMissingError) as raised:
        require_extra()
    assert str(raised.value) == EXTRA_MESSAGE == (
        "the transformer family needs the optional extra: pip install 'langnghe[transformer]'"
    )
    with pytest.raises(ModelMissingError, match=r"pip install 'langnghe\[transformer\]'"):
        ModelRegistry().get("sentiment", Path("/nowhere"), "transformer")


@needs_torch
def test_missing_model_names_folder_and_command(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError) as raised:
        get_model("toxicity", tmp_path, family="transformer")
    message = str(raised.value)
    assert str(tmp_path) in message and "toxicity-tf-v1" in message
    assert "langnghe train toxicity --family transformer" in message


@needs_torch
def test_tokenizer_keeps_accents_and_folds_case_and_unicode_form(encoder: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(encoder, local_files_only=True)
    composed = tokenizer("Bệnh viện Hà Nội")["input_ids"]
    decomposed = tokenizer("Be\u0323\u0302nh vie\u0323\u0302n HA\u0300 NO\u0323\u0302I")["input_ids"]
    assert composed == decomposed
    assert tokenizer.convert_ids_to_tokens(composed)[0] == "[CLS]"
    assert "bệnh" in tokenizer.convert_ids_to_tokens(composed)


@needs_torch
def test_pretraining_loss_is_finite_and_a_rerun_resumes(corpus_dir: Path, encoder: Path) -> None:
    from langnghe.nlp.transformer.pretrain import PretrainConfig, PretrainState, pretrain

    marker = json.loads((encoder / "langnghe_encoder.json").read_text(encoding="utf-8"))
    assert marker["steps"] == 3 and marker["device"] == "cpu" and math.isfinite(marker["final_loss"])
    assert (encoder / "model.safetensors").is_file() and not list(encoder.rglob("*.bin"))
    state = json.loads((encoder / "checkpoint" / "state.json").read_text(encoding="utf-8"))
    assert state["step"] == 3 and sum(f["lines"] for f in state["stream"].values()) > 0
    seen: list[int] = []
    resumed = pretrain(
        PretrainConfig(corpus_dir=corpus_dir, out_dir=encoder, size="tiny", steps=5),
        lambda now, done: seen.append(now.step),
    )
    assert isinstance(resumed, PretrainState)
    assert seen == [4, 5] and resumed.step == 5 and math.isfinite(resumed.last_loss)
    assert resumed.tokens > state["tokens"]


@needs_torch
def test_finetuned_model_loads_through_the_registry(trained: Path) -> None:
    clear_models()
    model = get_model("misinfo", trained, family="transformer")
    assert get_model("misinfo", trained, family="transformer") is model
    assert model.version == "misinfo-tf-v1" and model.labels == ("reliable", "unreliable")
    texts = ["Tin đồn uống nước muối chữa khỏi bệnh, chia sẻ gấp.", "Bộ Y tế thông báo chính thức số liệu hôm nay."]
    probabilities = model.predict_proba(model.prepare(texts))
    assert probabilities.shape == (2, 2)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-6)
    prediction = model.to_prediction(probabilities[0])
    assert prediction.label in model.labels and set(prediction.scores) == set(model.labels)
    assert model.predict_proba([]).shape == (0, 2)


@needs_torch
def test_artifact_is_safetensors_with_its_card(trained: Path) -> None:
    folder = artifact_dir("sentiment", trained)
    assert (folder / "model.safetensors").is_file() and (folder / "tokenizer.json").is_file()
    assert not [p for p in folder.rglob("*") if p.suffix in (".bin", ".pkl", ".pt")]
    meta = json.loads((folder / "langnghe.json").read_text(encoding="utf-8"))
    assert meta["signal"] == "sentiment" and meta["labels"] == ["negative", "neutral", "positive"]
    assert meta["temperature"] > 0 and meta["max_length"] == 48 and meta["device"] == "cpu"
    assert meta["encoder"].endswith("encoder-vi-tiny") and meta["encoder_is_langnghe"] is True
    assert {"accuracy", "macro_f1", "weighted_f1"} <= set(meta["dev"]["combined"])
    assert set(meta["dev"]) == {"combined", "uit_vsfc", "vlsp2016_sa", "aivivn2019_sa"}
    assert [epoch["epoch"] for epoch in meta["epochs"]] == [1, 2] and meta["train_seconds"] > 0
    misinfo = json.loads((artifact_dir("misinfo", trained) / "langnghe.json").read_text(encoding="utf-8"))
    assert "roc_auc" in misinfo["dev"]["combined"]
    assert set(misinfo["dev_ensemble_with_linear"]) == {"linear_version", "linear", "ensemble"}


@needs_torch
def test_annotate_fills_every_signal_from_transformer_models(trained: Path) -> None:
    from langnghe.nlp import annotate_texts

    clear_models()
    results = annotate_texts(["Bác sĩ bệnh viện khuyến cáo tiêm vắc xin, tôi rất hài lòng.", "!!!"],
                             model_dir=trained, family="transformer")
    first = results[0]
    assert first.section is not None and first.section.label in ("health", "sports")
    assert first.sentiment is not None and first.emotion is not None and first.toxicity is not None
    assert first.misinfo is not None and 0.0 <= first.misinfo.score <= 1.0
    assert first.models["sentiment"] == "sentiment-tf-v1"
    assert results[1].sentiment is None


@needs_torch
def test_eval_scores_a_labelled_file(trained: Path, tmp_path: Path) -> None:
    from langnghe.nlp.transformer.scoring import evaluate_file

    path = tmp_path / "dev.jsonl"
    rows = [{"text": "Tin đồn sốc quá, chia sẻ gấp", "label": "unreliable"},
            {"text": "Theo số liệu Bộ Y tế thông báo chính thức", "label": "reliable"}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    report = evaluate_file("misinfo", path, model_dir=trained)
    assert report["model"] == "misinfo-tf-v1" and report["n"] == 2 and "roc_auc" in report


@needs_torch
def test_classify_and_eval_commands_take_the_family(trained: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from langnghe.cli import app
    from langnghe.jobs.classify import classify_file

    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    lines = [{"id": "a", "text": "Cầu thủ ghi bàn, cổ động viên vui quá"}, {"id": "b", "text": "Tin đồn sốc quá"}]
    source.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    assert classify_file(source, target, model_dir=trained, family="transformer").written == 2
    written = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in written] == ["a", "b"]
    assert all(row["nlp"]["models"]["toxicity"] == "toxicity-tf-v1" for row in written)
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text(json.dumps({"text": "Cảm ơn bạn nhiều", "label": "CLEAN"}, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["eval", "toxicity", "--data", str(labelled), "--family", "transformer", "--model-dir", str(trained),
              "--no-baseline"],  # the baseline needs ../shared/datasets, which a clean clone in CI may not have beside it
    )
    assert result.exit_code == 0, result.output
    assert "toxicity-tf-v1" in result.output and "macro_f1" in result.output


@needs_torch
def test_ensemble_averages_linear_and_transformer(trained: Path) -> None:
    clear_models()
    model = get_model("misinfo", trained, family="ensemble")
    assert model.version == f"{get_model('misinfo').version}+misinfo-tf-v1"
    assert model.labels == ("reliable", "unreliable")
    texts = ["Chia sẻ gấp tin đồn này", "Bộ Y tế thông báo"]
    linear = get_model("misinfo").predict_proba(get_model("misinfo").prepare(texts))
    tf = get_model("misinfo", trained, family="transformer")
    expected = (linear + tf.predict_proba(tf.prepare(texts))) / 2
    np.testing.assert_allclose(model.predict_proba(model.prepare(texts)), expected, atol=1e-9)


@needs_torch
def test_word_segmented_encoders_read_words_joined_by_underscores(trained: Path) -> None:
    from langnghe.nlp.transformer.model import TransformerTextModel, wants_word_segments

    model = TransformerTextModel.load(artifact_dir("sentiment", trained))
    assert model.word_segmented is False and not wants_word_segments(model.tokenizer)
    assert model.prepare(["Hà Nội mưa to"]) == ["hà nội mưa to"]
    model.word_segmented, model.lowercase = True, False  # as for a PhoBERT encoder
    assert model.prepare(["Ô nhiễm không khí ở Hà Nội."]) == ["Ô_nhiễm không_khí ở Hà_Nội ."]


def test_length_grouped_batches_cover_every_row_once() -> None:
    pytest.importorskip("torch", reason="the transformer extra is not installed")
    from langnghe.nlp.transformer.finetune import length_grouped_batches

    lengths = [random.Random(i).randint(1, 200) for i in range(1000)]
    batches = list(length_grouped_batches(lengths, 16, random.Random(0)))
    assert sorted(i for batch in batches for i in batch) == list(range(1000))
    spread = np.mean([max(lengths[i] for i in b) - min(lengths[i] for i in b) for b in batches])
    assert spread < 20  # rows of a batch have similar lengths, so little padding


def test_learning_rate_warms_up_then_decays() -> None:
    pytest.importorskip("torch", reason="the transformer extra is not installed")
    from langnghe.nlp.transformer.pretrain import learning_rate

    rates = [learning_rate(1e-3, done / 100) for done in range(101)]
    peak = rates.index(max(rates))
    assert 0 < peak <= 7 and rates[-1] == 0.0
    assert all(a <= b for a, b in zip(rates[:peak], rates[1 : peak + 1]))
    assert all(a >= b for a, b in zip(rates[peak:], rates[peak + 1 :]))
