"""The spike and emerging-issue tables name dimensions and issue kinds as the digest does."""

from __future__ import annotations

from datetime import datetime, timezone

from rich.console import Console

from langnghe.cli.render_detections import print_emerging, print_spikes
from langnghe.detection.emerging import EmergingIssue, IssueSignals
from langnghe.detection.spikes import SpikeCheck
from langnghe.detection.trends import Spike, SpikeScan
from langnghe.service.detection_views import issue_view, trends_view

HCM = "Asia/Ho_Chi_Minh"
START = datetime(2026, 11, 20, 7, 0, tzinfo=timezone.utc)


def _console() -> Console:
    return Console(record=True, width=200, color_system=None)


def test_spikes_are_named_from_the_labels_table() -> None:
    spike = Spike(dimension="section", value="politics_society", granularity="hour", start=START, observed=9,
                  expected=1.0, score=4.0, methods=("window",), name="Chính trị - Xã hội",
                  checks=(SpikeCheck("window", 9, 1.0, 4.5, True, "mean of the previous 12 hours"),))
    console = _console()
    print_spikes(console, trends_view(SpikeScan(START, "hour", 1, [spike]), HCM), tz=HCM)
    shown = console.export_text()
    assert "Đột biến theo giờ" in shown and "Lĩnh vực" in shown and "Chuyên mục" not in shown
    assert "9 tin trong giờ 14:00 ngày 20/11/2026" in shown  # the explanation, rendered from the figures


def test_emerging_issues_are_named_from_the_labels_table() -> None:
    signals = IssueSignals(recent=4, earlier=0, daily=(0, 0, 0, 0, 0, 1, 3), negative_share=1.0, sources=2,
                           authors=3, top_author_share=0.3, first_social=None, first_news=START)  # fmt: skip
    issue = EmergingIssue(kind="story", key="st-1", title="Cá chết trên sông Lạch Vàng", score=5.5, signals=signals,
                          provinces=["Hưng Yên"])  # fmt: skip
    console = _console()
    print_emerging(console, [issue_view(issue, HCM)], at_text="08:00 21/11/2026")
    shown = console.export_text()
    assert "Sự việc" in shown and "Tỉnh/thành" in shown and "Sự kiện" not in shown


def test_copy_floods_are_listed_apart_from_the_issues() -> None:
    signals = IssueSignals(recent=41, earlier=0, daily=(0, 0, 0, 0, 0, 20, 21), negative_share=1.0, sources=2,
                           authors=2, top_author_share=0.97, first_social=None, first_news=None,
                           voices_daily=(0, 0, 0, 0, 0, 1, 1), voices_recent=2, voices_earlier=0, accounts_recent=2,
                           copies_recent=39, flood_items=40, flood_accounts=1)  # fmt: skip
    flood = EmergingIssue(kind="concern", key="dat-dai", title="Đất đai", score=0.0, signals=signals)
    console = _console()
    print_emerging(console, [], at_text="08:00 21/11/2026", floods=[issue_view(flood, HCM, flood=True)])
    shown = console.export_text()
    assert "Chưa phát hiện vấn đề đang nổi lên" in shown  # the flood is not an issue
    assert "Tin sao chép hàng loạt (lan truyền có tổ chức?)" in shown and "40 tin, 1 tài khoản" in shown


def test_an_emerging_thread_shows_its_timeline_in_local_dates() -> None:
    from datetime import timedelta

    from langnghe.detection.threads import ThreadEntry

    signals = IssueSignals(recent=4, earlier=0, daily=(0, 0, 0, 0, 0, 1, 3), negative_share=1.0, sources=2,
                           authors=3, top_author_share=0.3, first_social=None, first_news=START)  # fmt: skip
    late = START + timedelta(days=3, hours=10)  # 00:00 on the 24th in Vietnam
    timeline = [ThreadEntry("st-1", START, START, 5, "Cá chết trên sông Lạch Vàng", None),
                ThreadEntry("st-2", late, late, 3, "Công ty Phúc Hưng bác bỏ thông tin xả thải", None)]
    issue = EmergingIssue(kind="story", key="st-2", title="Công ty Phúc Hưng bác bỏ thông tin xả thải", score=5.5,
                          signals=signals, thread_id="th_1", timeline=timeline)  # fmt: skip
    console = _console()
    print_emerging(console, [issue_view(issue, HCM)], at_text="08:00 24/11/2026", tz=HCM)
    shown = console.export_text()
    assert "Diễn biến:" in shown and "20/11/2026 Cá chết trên sông Lạch Vàng" in shown
    assert "24/11/2026 Công ty Phúc Hưng bác bỏ" in shown
