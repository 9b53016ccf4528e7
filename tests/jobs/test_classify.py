import json
from pathlib import Path

from langnghe.jobs.classify import classify_file
from langnghe.progress import Silent

TEXTS = [
    "Tiền đạo ghi hai bàn, đội chủ nhà giành chiến thắng trong trận derby tối qua.",
    "Bệnh viện tỉnh tiếp nhận nhiều ca sốt xuất huyết, bác sĩ khuyến cáo diệt lăng quăng.",
    "Cơ quan công an khởi tố vụ án lừa đảo chiếm đoạt tài sản qua mạng xã hội.",
    "Giao hàng nhanh, đóng gói cẩn thận, tôi rất hài lòng.",
] * 5


def test_parallel_workers_keep_order_and_results(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": str(n), "text": t}, ensure_ascii=False) + "\n" for n, t in enumerate(TEXTS)))
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert classify_file(source, one, batch_size=3, workers=1).written == len(TEXTS)
    assert classify_file(source, two, batch_size=3, workers=2).written == len(TEXTS)
    assert one.read_bytes() == two.read_bytes()
    rows = [json.loads(line) for line in one.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == [str(n) for n in range(len(TEXTS))]
    assert [row["nlp"]["section"]["label"] for row in rows[:3]] == ["sports", "health", "law"]
    assert not (tmp_path / "one.jsonl.part").exists()


def test_classify_fills_concerns_from_the_default_set_or_the_given_one(tmp_path: Path) -> None:
    from langnghe.config import TopicConfig

    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "1", "text": TEXTS[1]}, ensure_ascii=False) + "\n", encoding="utf-8")
    default, custom = tmp_path / "default.jsonl", tmp_path / "custom.jsonl"
    classify_file(source, default, workers=1)
    assert {"health_care", "disasters_epidemics"} <= set(json.loads(default.read_text())["nlp"]["concerns"])
    mine = [TopicConfig(id="fever", name="Sốt xuất huyết", query='"sốt xuất huyết"')]
    classify_file(source, custom, workers=2, concerns=mine)
    assert json.loads(custom.read_text())["nlp"]["concerns"] == ["fever"]


def test_progress_counts_every_line_and_hears_each_skipped_one(tmp_path: Path) -> None:
    from collections.abc import Iterator
    from contextlib import contextmanager

    from langnghe.progress import Silent

    class Counting(Silent):
        def __init__(self) -> None:
            super().__init__()
            self.tasks: dict[str, list[int | None]] = {}

        @contextmanager
        def task(self, label: str, total: int | None = None) -> Iterator["Counting"]:
            self.tasks[label] = [total, 0]
            self._label = label
            yield self

        def advance(self, n: int = 1) -> None:
            self.tasks[self._label][1] += n  # type: ignore[operator]

        def total(self, total: int | None) -> None:
            self.tasks[self._label][0] = total

    source = tmp_path / "in.jsonl"
    good = [json.dumps({"id": str(n), "text": t}, ensure_ascii=False) for n, t in enumerate(TEXTS[:4])]
    source.write_text("\n".join([good[0], "{không phải JSON", good[1], '{"id": "x"}', *good[2:]]) + "\n")
    progress = Counting()
    report = classify_file(source, tmp_path / "out.jsonl", batch_size=2, progress=progress)
    assert (report.written, report.rejected) == (4, 2)
    assert progress.tasks["classify"] == [6, 6]  # six lines expected, all six done (two skipped)
    assert [w.split(": ")[0] for w in progress.warnings] == [f"{source}:2", f"{source}:4"]


def test_a_line_may_say_its_kind_and_title_and_a_bad_kind_is_named(tmp_path: Path) -> None:
    title = "Khánh thành cây cầu mới nối hai xã vùng lũ"
    lead = "Sáng nay, cây cầu dài 300 mét đã được đưa vào sử dụng, giúp hàng nghìn hộ dân đi lại thuận tiện."
    lines = [
        {"id": "a", "kind": "article", "title": title, "text": lead},
        {"id": "c", "kind": "comment", "title": title, "text": lead},
        {"id": "x", "kind": "tweet", "text": lead},
        {"id": "t", "title": 7, "text": lead},
        {"id": "n", "text": "ko hiểu sao giá xăng cứ tăng hoài, chán thật sự mn ạ :(("},
    ]
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    progress = Silent()
    report = classify_file(source, out, workers=1, progress=progress)
    assert (report.written, report.rejected) == (3, 2)
    assert progress.warnings[0].startswith(f"{source}:3: bỏ qua:") and "tweet" in progress.warnings[0]
    assert progress.warnings[1].startswith(f"{source}:4: bỏ qua:") and '"title"' in progress.warnings[1]
    rows = {row["id"]: row for row in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert rows["a"]["kind"] == "article" and rows["a"]["title"] == title  # the input's fields are kept
    assert rows["a"]["nlp"]["sentiment_basis"] == "tone" and rows["a"]["nlp"]["sentiment"]["label"] == "positive"
    assert rows["c"]["nlp"]["sentiment_basis"] == "attitude"
    assert rows["n"]["nlp"]["sentiment_basis"] == "attitude"
