import json
from pathlib import Path

from langnghe.jobs.classify import classify_file

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
