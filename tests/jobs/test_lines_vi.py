"""The one-line outcomes the jobs print read in Vietnamese, with their numbers kept."""

from __future__ import annotations

from langnghe.jobs.core import enrich_line
from langnghe.stages.base import StageReport


def test_the_enrich_line_reads_in_vietnamese() -> None:
    report = StageReport("enrich", batches=2, done=40, quarantined=1, failed=3, unavailable="chỉ mục không phản hồi")
    assert enrich_line(report) == (
        "đã phân tích và lập chỉ mục 40 tin (2 lô); 1 tin bị cách ly (xem `langnghe queue`); 3 tin lỗi, sẽ thử lại"
        "; đã dừng, sẽ thử lại sau (không tính là lỗi của tin): chỉ mục không phản hồi"
    )


def test_a_clean_enrich_line_names_only_the_items_and_batches() -> None:
    assert enrich_line(StageReport("enrich", batches=1, done=5)) == "đã phân tích và lập chỉ mục 5 tin (1 lô)"
