"""Multi-line titles (issue 14, point 9): a title is one line at the Item boundary, and a mail
subject is one line whatever the message builder handed in, so an alert always goes out."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from langnghe.alerts.model import Alert, Sample
from langnghe.alerts.render import alerts_message
from langnghe.delivery import EmailChannel, Message, deliver
from langnghe.delivery.testing import SmtpSink
from langnghe.item import Item
from langnghe.testing import build_item

HOSTILE = "Ngập sâu ở Cần Thơ\r\nBcc: ke-xau@example.org\n\tđêm qua\u2028dòng hai\u2029\x85đoạn\x00 ba\x0b\x0c  "
ONE_LINE = "Ngập sâu ở Cần Thơ Bcc: ke-xau@example.org đêm qua dòng hai đoạn ba"


def _channel(port: int) -> EmailChannel:
    return EmailChannel.model_validate({
        "kind": "email", "host": "127.0.0.1", "port": port, "security": "none",
        "sender": "langnghe@example.org", "to": ["an@example.org"],
    })


def _no_sleep(seconds: float) -> None:
    raise AssertionError(f"unexpected wait of {seconds} s")


def test_every_title_is_one_line_however_the_item_is_built() -> None:
    built = build_item(title=HOSTILE)
    assert built.title == ONE_LINE
    stored = built.to_json().replace("dòng hai", "dòng\\nhai")  # written by an older version
    assert Item.from_json(stored).title == ONE_LINE
    built.title = "gán\r\nlại"
    assert built.title == "gán lại"


@pytest.mark.parametrize("title", ["", "Một dòng bình thường", "Có emoji 🇻🇳 và dấu: hòa, thủy"])
def test_ordinary_titles_are_kept(title: str) -> None:
    assert build_item(title=title).title == title


def test_an_alert_about_an_item_with_a_multi_line_title_is_mailed(tmp_path: Path) -> None:
    item = build_item(title=HOSTILE, url="https://baomoi.example/ngap.html")
    alert = Alert(rule_id="ngap", kind="spike", subject="concern:ngap", title=f"Tăng đột biến - {item.title}",
                  detail="12 tin trong 1 giờ", value=12.0, at=datetime(2026, 11, 20, 3, tzinfo=timezone.utc),
                  samples=(Sample(item.title, item.url, item.source),))
    with SmtpSink() as smtp:
        results = deliver(alerts_message([alert], "Asia/Ho_Chi_Minh"), ["mail"], {"mail": _channel(smtp.port)},
                          data_dir=tmp_path, sleep=_no_sleep)
    assert [r.status for r in results] == ["sent"], results
    assert smtp.messages[0]["Subject"] == f"[Cảnh báo dư luận] Tăng đột biến - {ONE_LINE}"
    assert smtp.messages[0]["Bcc"] is None


def test_the_mail_subject_builder_folds_a_multi_line_subject_it_is_handed(tmp_path: Path) -> None:
    claim = "Tin đồn: nước máy\nnhiễm độc\r\n\u2028ở Hà Nội"  # e.g. a claim text written over lines in claims.yaml
    message = Message(key="alerts:claim", subject=f"[Cảnh báo dư luận] {claim}", text="Chi tiết")
    with SmtpSink() as smtp:
        results = deliver(message, ["mail"], {"mail": _channel(smtp.port)}, data_dir=tmp_path, sleep=_no_sleep)
    assert [r.status for r in results] == ["sent"], results
    assert smtp.messages[0]["Subject"] == "[Cảnh báo dư luận] Tin đồn: nước máy nhiễm độc ở Hà Nội"
