"""News tone data: the seeded draw, the agreed labels, and parts that keep the blind test random."""

from __future__ import annotations

import json
import lzma
from pathlib import Path

import pytest

from langnghe.errors import InputError
from langnghe.nlp.tone_data import FILES, agreed, candidates, choose, labelled_items, part_of


def _corpus(folder: Path, count: int = 60) -> Path:
    folder.mkdir()
    for source, name in FILES.items():
        docs = []
        for n in range(count):
            if source == "baomoi":
                docs.append(f"Tin thứ {n} của {source} về cây cầu mới\nNgười dân xã số {n} đi lại thuận tiện hơn nhờ cây cầu vừa khánh thành sáng nay.")
            else:
                docs.append(f"Tin thứ {n} của {source} về hồ chứa Một đoạn dẫn đủ dài để làm lead cho tin số {n} của tệp này.")
        with lzma.open(folder / name, "wt", encoding="utf-8") as out:
            out.write("\n\n".join(docs) + "\n")
    return folder


def test_a_larger_draw_keeps_the_items_of_a_smaller_one(tmp_path: Path) -> None:
    pools = candidates(_corpus(tmp_path / "corpus"))
    small, large = choose(pools, 20), choose(pools, 50)
    assert len(small) == 20 and len(large) == 50
    assert {item.id for item in small} <= {item.id for item in large}
    assert choose(pools, 20) == small  # seeded


def test_only_labels_both_passes_agree_on_are_kept_and_a_bad_label_is_named(tmp_path: Path) -> None:
    (tmp_path / "pass_a.jsonl").write_text('{"id": "x", "label": "positive"}\n{"id": "y", "label": "neutral"}\n')
    (tmp_path / "pass_b.jsonl").write_text('{"id": "x", "label": "positive"}\n{"id": "y", "label": "negative"}\n')
    assert agreed(tmp_path) == {"x": "positive"}
    (tmp_path / "pass_b.jsonl").write_text('{"id": "x", "label": "good"}\n')
    with pytest.raises(InputError, match=r"pass_b.jsonl:1: label 'good'"):
        agreed(tmp_path)


def test_targeted_items_train_only_and_parts_follow_the_id(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    labels = tmp_path / "labels"
    labels.mkdir()
    random_items, wider = choose(candidates(corpus), 40), choose(candidates(corpus), 100)
    extra = [item for item in wider if item.id not in {i.id for i in random_items}][:30]
    rows = [{"id": item.id, "label": "positive"} for item in [*random_items, *extra]]
    for name in ("pass_a.jsonl", "pass_b.jsonl"):
        (labels / name).write_text("".join(json.dumps(row) + "\n" for row in rows))
    (labels / "targeted.txt").write_text("\n".join(item.id for item in extra))
    parts = labelled_items(corpus, labels, count=40, targeted_count=100)
    assert sum(len(rows) for rows in parts.values()) == 70
    for part, found in parts.items():
        for item, _ in found:
            if item.id in {e.id for e in extra}:
                assert part == "train"
            else:
                assert part == part_of(item.id)
    assert parts["test"]  # a random fifth of 40 items
