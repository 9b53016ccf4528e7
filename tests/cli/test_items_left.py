"""The line `ingest` ends with when items are left: how many, and why, in Vietnamese."""

from __future__ import annotations

from langnghe.cli.render_status import items_left_line
from langnghe.queue.base import QueueStats


def test_the_line_counts_what_is_left_and_why() -> None:
    line = items_left_line(QueueStats(ready=7, leased=10, waiting=3), None)
    assert line.startswith("còn 17 tin chưa xử lý xong (10 tin đang do một tiến trình khác giữ, 3 tin chờ thử lại, "
                           "4 tin chưa được lấy ra)")
    down = items_left_line(QueueStats(ready=5), "enrich: index data/index.sqlite3: disk I/O error")
    assert "còn 5 tin" in down and "chỉ mục không truy cập được: enrich: index" in down
