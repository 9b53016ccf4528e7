"""Training and evaluation on tiny hand-written datasets laid out like ../shared/datasets."""

from __future__ import annotations

import itertools
import json
import lzma
from pathlib import Path

import pytest

from langnghe.errors import InputError
from langnghe.nlp.corpora import load_corpora, read_jsonl
from langnghe.nlp.linear import LinearTextModel
from langnghe.nlp.train import SPECS, evaluate, train_signal

SENTIMENT = SPECS["sentiment"].version

SUBJECTS = ["sản phẩm", "shop", "thầy", "máy", "dịch vụ", "bài giảng"]
POSITIVE = ["rất tốt", "tuyệt vời", "hài lòng lắm", "đáng tiền"]
NEGATIVE = ["quá tệ", "thất vọng", "kém chất lượng", "phí tiền"]
NEUTRAL = ["có màu đen", "nặng hai ký", "ra mắt tháng sau", "bán ở cửa hàng"]


def _rows(subjects: list[str], tail: str) -> list[dict[str, str]]:
    return [
        {"text": f"{subject} {adjective}{tail}", "label": label}
        for label, adjectives in (("positive", POSITIVE), ("negative", NEGATIVE), ("neutral", NEUTRAL))
        for subject, adjective in itertools.product(subjects, adjectives)
    ]


def _dataset(tail: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(train, dev): dev talks about other subjects with the same sentiment words."""
    return _rows(SUBJECTS[:4], tail), _rows(SUBJECTS[4:], tail)


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if path.suffix == ".xz":
        with lzma.open(path, "wt", encoding="utf-8") as handle:
            handle.write(lines)
    else:
        path.write_text(lines, encoding="utf-8")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    train, dev = _dataset("")
    conflict = [{"text": "giao hàng bình thường", "label": "positive"},
                {"text": "Giao hàng, bình thường!", "label": "negative"}]
    _write(tmp_path / "d" / "uit_vsfc" / "train.jsonl.xz", train + conflict)
    _write(tmp_path / "d" / "uit_vsfc" / "dev.jsonl.xz", dev + [train[0]])  # a dev row seen in train
    forum_train, forum_dev = _dataset(" nhé")
    _write(tmp_path / "d" / "vlsp2016_sa" / "train.jsonl", forum_train + train[:3])  # 3 shared with uit_vsfc
    _write(tmp_path / "d" / "vlsp2016_sa" / "dev.jsonl", forum_dev)
    shop_train, shop_dev = (
        [row for row in rows if row["label"] != "neutral"] for rows in _dataset(" ạ")
    )
    _write(tmp_path / "d" / "aivivn2019_sa" / "train.jsonl.xz", shop_train)
    _write(tmp_path / "d" / "aivivn2019_sa" / "dev.jsonl.xz", shop_dev)
    return tmp_path / "d"


def test_corpora_are_deduplicated(data_dir: Path) -> None:
    train, dev = load_corpora("sentiment", data_dir, 4000)
    assert train.dropped["conflicting_label"] == 2
    assert train.dropped["duplicate"] == 3
    assert dev.dropped["also_in_train"] == 1
    assert len(set(train.texts)) == len(train.texts)


def test_train_signal_writes_a_loadable_artifact(data_dir: Path, tmp_path: Path) -> None:
    messages: list[str] = []
    out = tmp_path / "models"
    metrics = train_signal("sentiment", data_dir, out, progress=messages.append)
    assert sorted(p.name for p in out.iterdir()) == [f"{SENTIMENT}.json", f"{SENTIMENT}.npz"]
    assert set(metrics["by_dataset"]) == {"uit_vsfc", "vlsp2016_sa", "aivivn2019_sa"}
    # Trained on unaccented copies too, and scored on dev typed without diacritics.
    assert set(metrics["unaccented"]) >= {"accuracy", "macro_f1", "weighted_f1"}
    assert metrics["macro_f1"] > 0.8
    assert {"accuracy", "weighted_f1", "per_class", "confusion"} <= set(metrics)
    assert metrics["temperature"] > 0
    assert any("wrote" in message for message in messages)
    model = LinearTextModel.load(out / f"{SENTIMENT}.npz")
    assert model.meta["dev"]["combined"]["macro_f1"] == metrics["macro_f1"]
    assert model.meta["dev"]["uit_vsfc"] == metrics["by_dataset"]["uit_vsfc"]
    assert model.predict(model.prepare(["máy tuyệt vời"]))[0].label == "positive"


def test_evaluate_reports_metrics_on_a_file(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "models"
    train_signal("sentiment", data_dir, out)
    report = evaluate("sentiment", data_dir / "uit_vsfc" / "dev.jsonl.xz", model_dir=out)
    assert {"accuracy", "macro_f1", "weighted_f1", "per_class", "confusion"} <= set(report)
    assert report["model"] == SENTIMENT
    assert len(report["confusion"]["matrix"]) == 3
    assert sum(map(sum, report["confusion"]["matrix"])) == report["n"]


def test_evaluate_shipped_section_model_accepts_dataset_labels(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    _write(path, [
        {"text": "Đội tuyển bóng đá thắng trận, cầu thủ ghi hai bàn, huấn luyện viên hài lòng.", "label": "The thao"},
        {"text": "Tòa án xét xử bị cáo tội lừa đảo, công an điều tra vụ án.", "label": "law"},
    ])
    report = evaluate("section", path)
    assert report["n"] == 2
    assert report["accuracy"] == 1.0


def test_bad_input_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ổn", "label": "positive"}\n{not json\n', encoding="utf-8")
    with pytest.raises(InputError, match="bad.jsonl:2"):
        list(read_jsonl(path))


def test_unknown_label_and_missing_split_are_clear_errors(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    _write(path, [{"text": "bình thường", "label": "so-so"}])
    with pytest.raises(InputError, match="'so-so'"):
        evaluate("sentiment", path)
    with pytest.raises(InputError, match="no train.jsonl"):
        train_signal("section", data_dir, tmp_path / "models")
    with pytest.raises(InputError, match="unknown signal"):
        train_signal("topic", data_dir, tmp_path / "models")


def test_binary_signal_reports_roc_auc(tmp_path: Path) -> None:
    rumour = ["khẩn cấp chia sẻ ngay", "tin mật động trời", "sốc quá mọi người ơi", "bệnh viện giấu sự thật"]
    sober = ["theo bộ y tế hôm nay", "ủy ban nhân dân thông báo", "báo cáo của sở giáo dục", "số liệu thống kê quý"]
    rows = [{"text": f"{head} {tail}", "label": label}
            for label, heads in (("unreliable", rumour), ("reliable", sober))
            for head in heads for tail in ("số một", "số hai", "số ba", "số bốn")]
    _write(tmp_path / "d" / "reintel_vlsp2020" / "train.jsonl", [r for i, r in enumerate(rows) if i % 4])
    _write(tmp_path / "d" / "reintel_vlsp2020" / "dev.jsonl", [r for i, r in enumerate(rows) if not i % 4])
    metrics = train_signal("misinfo", tmp_path / "d", tmp_path / "models")
    assert metrics["roc_auc"] == 1.0
    model = LinearTextModel.load(tmp_path / "models" / "misinfo-v2.npz")
    assert model.labels == ("reliable", "unreliable")
    assert model.predict(model.prepare(["khẩn cấp chia sẻ"]))[0].label == "unreliable"


def test_unaccented_copies_double_the_texts_that_have_diacritics() -> None:
    from langnghe.nlp.corpora import Corpus
    from langnghe.nlp.train import with_unaccented_copies

    corpus = Corpus()
    corpus.add("Dịch vụ rất tệ", "negative", "shop")
    corpus.add("ok good", "positive", "shop")
    doubled = with_unaccented_copies(corpus)
    assert doubled.texts == ["Dịch vụ rất tệ", "Dich vu rat te", "ok good"]
    assert doubled.labels == ["negative", "negative", "positive"]


def test_training_records_the_plain_baseline_on_every_dev_set(data_dir: Path, tmp_path: Path) -> None:
    metrics = train_signal("sentiment", data_dir, tmp_path / "models")
    meta = LinearTextModel.load(tmp_path / "models" / f"{SENTIMENT}.npz").meta
    train, _ = load_corpora("sentiment", data_dir, 4000)
    # Fitted on the deduplicated train rows as written (no unaccented copies), scored on the same dev sets.
    assert meta["baseline"]["train_rows"] == len(train)
    assert set(meta["baseline"]["dev"]) == set(meta["dev"]) == {"combined", "unaccented", "uit_vsfc", "vlsp2016_sa", "aivivn2019_sa"}
    assert meta["baseline"]["dev"]["combined"]["n"] == meta["dev"]["combined"]["n"]
    assert metrics["baseline"] == meta["baseline"]
    # The candidates say where each was below the baseline; the one kept is not, anywhere.
    assert all("below_baseline" in tried for tried in meta["candidates"])
    kept = next(tried for tried in meta["candidates"] if tried["model"] == meta["model"]["description"])
    assert kept["below_baseline"] == []


def _flip(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    swap = {"positive": "negative", "negative": "positive"}
    return [{**row, "label": swap.get(row["label"], row["label"])} for row in rows]


def test_evaluate_fits_the_baseline_on_the_given_train_split(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "models"
    train_signal("sentiment", data_dir, out)
    dev_file = data_dir / "uit_vsfc" / "dev.jsonl.xz"
    report = evaluate("sentiment", dev_file, model_dir=out, data_dir=data_dir)
    train, _ = load_corpora("sentiment", data_dir, 4000)
    assert report["baseline"]["train_rows"] == len(train)
    assert report["baseline"]["train_data"] == str(data_dir)
    assert {"accuracy", "macro_f1", "weighted_f1", "per_class", "confusion"} <= set(report["baseline"])
    assert report["baseline"]["accuracy"] > 0.5
    # Another train split (positive and negative swapped): the model's figures stay, the baseline's
    # follow the split it was given in this run (nothing cached).
    flipped = tmp_path / "flipped"
    for dataset in ("uit_vsfc", "vlsp2016_sa", "aivivn2019_sa"):
        for split in ("train", "dev"):
            source = next((data_dir / dataset).glob(f"{split}.jsonl*"))
            _write(flipped / dataset / source.name, _flip(list(read_jsonl(source))))
    again = evaluate("sentiment", dev_file, model_dir=out, data_dir=flipped)
    assert again["accuracy"] == report["accuracy"]
    assert again["baseline"]["accuracy"] < report["baseline"]["accuracy"] - 0.3
    assert "baseline" not in evaluate("sentiment", dev_file, model_dir=out)


def test_record_baseline_adds_it_to_an_older_artifact_without_touching_the_weights(data_dir: Path, tmp_path: Path) -> None:
    from langnghe.nlp.train import record_baseline

    out = tmp_path / "models"
    train_signal("sentiment", data_dir, out)
    meta_path = out / f"{SENTIMENT}.json"
    older = json.loads(meta_path.read_text(encoding="utf-8"))
    del older["baseline"]
    meta_path.write_text(json.dumps(older, ensure_ascii=False), encoding="utf-8")
    before = LinearTextModel.load(out / f"{SENTIMENT}.npz")
    npz = (out / f"{SENTIMENT}.npz").read_bytes()
    meta = record_baseline("sentiment", data_dir, out)
    after = LinearTextModel.load(out / f"{SENTIMENT}.npz")
    assert (after.weights == before.weights).all() and after.labels == before.labels
    assert (out / f"{SENTIMENT}.npz").read_bytes() == npz
    assert after.meta["baseline"]["dev"] == meta["baseline"]["dev"]
    assert set(after.meta["baseline"]["dev"]) == set(after.meta["dev"])
    assert after.meta["dev"]["combined"]["macro_f1"] == older["dev"]["combined"]["macro_f1"]


def test_cross_source_dev_rows_keep_only_categories_that_map_one_to_one(tmp_path: Path) -> None:
    from langnghe.nlp.corpora import load_cross_sources

    _write(tmp_path / "d" / "baomoi_tc201805" / "dev.jsonl", [
        {"text": "Đội tuyển thắng 2-0", "label": "Thể Thao - Thể thao đồng đội - Bóng Đá"},
        {"text": "Giá cổ phiếu tăng mạnh", "label": "Tài chính - Đầu tư - Cổ phiếu và trái phiếu"},
        {"text": "Tòa tuyên án vụ tham ô", "label": "Chính trị và Pháp luật"},  # two sections: left out
    ])
    cross = load_cross_sources("section", tmp_path / "d", 4000)
    assert list(cross) == ["cross:baomoi_tc201805"]
    assert cross["cross:baomoi_tc201805"].labels == ["sports", "business"]
    assert load_cross_sources("section", tmp_path / "nowhere", 4000) == {}
    assert load_cross_sources("emotion", tmp_path / "d", 4000) == {}


def test_evaluate_covers_the_news_tone_model_with_its_own_labels(tmp_path: Path) -> None:
    path = tmp_path / "tone.jsonl"
    _write(path, [{"text": "Khánh thành cây cầu mới, người dân đi lại thuận tiện", "label": "positive"},
                  {"text": "Lũ quét cuốn trôi nhà cửa, nhiều người mất tích", "label": "negative"}])
    report = evaluate("tone", path)
    assert report["model"] == SPECS["tone"].version and report["n"] == 2
