"""The file channel: one set of files per key, written atomically, rewritten in place."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from langnghe.delivery import Attachment, FileChannel, Image, Message, deliver

T0 = datetime(2026, 11, 20, 18, 30, tzinfo=timezone.utc)  # 01:30 on the 21st in Hà Nội
CHANNELS = {"disk": FileChannel(kind="file", dir=Path("alerts"))}


def _message(**overrides: object) -> Message:
    fields: dict[str, object] = {
        "key": "digest:2026-11-21", "subject": "Bản tin", "text": "Văn bản: 42 tin.",
        "html": '<p>42 tin</p><img src="cid:chart1"><img src="cid:chart10">', "markdown": "*42* tin",
        "images": (Image("chart1", b"png-1"), Image("chart10", b"png-10")),
        "attachments": (Attachment("báo cáo.csv", "a,b\n".encode()),),
    }
    return Message(**{**fields, **overrides})  # type: ignore[arg-type]


def test_all_forms_images_and_attachments_under_the_local_day(tmp_path: Path) -> None:
    [result] = deliver(_message(), ["disk"], CHANNELS, data_dir=tmp_path, clock=lambda: T0)
    day = tmp_path / "alerts" / "2026-11-21"
    assert result.status == "sent" and result.detail == f"đã ghi {day / 'digest_2026-11-21'}.*"
    assert (day / "digest_2026-11-21.txt").read_text(encoding="utf-8") == "Văn bản: 42 tin."
    assert (day / "digest_2026-11-21.md").read_text(encoding="utf-8") == "*42* tin"
    html = (day / "digest_2026-11-21.html").read_text(encoding="utf-8")
    assert 'src="digest_2026-11-21_files/chart1.png"' in html and 'src="digest_2026-11-21_files/chart10.png"' in html
    assets = day / "digest_2026-11-21_files"
    assert (assets / "chart1.png").read_bytes() == b"png-1" and (assets / "báo cáo.csv").read_bytes() == b"a,b\n"
    assert sorted(p.name for p in day.iterdir()) == [
        "digest_2026-11-21.html", "digest_2026-11-21.md", "digest_2026-11-21.txt", "digest_2026-11-21_files",
    ]


def test_the_same_key_rewrites_in_place_even_on_a_later_day(tmp_path: Path) -> None:
    deliver(_message(), ["disk"], CHANNELS, data_dir=tmp_path, clock=lambda: T0)
    later = T0 + timedelta(days=1)
    [result] = deliver(_message(text="Bản sửa.", markdown=None, images=(Image("chart1", b"new"),), attachments=()),
                       ["disk"], CHANNELS, data_dir=tmp_path, clock=lambda: later)
    assert result.status == "sent"
    assert [p.name for p in (tmp_path / "alerts").iterdir()] == ["2026-11-21"]
    day = tmp_path / "alerts" / "2026-11-21"
    assert (day / "digest_2026-11-21.txt").read_text(encoding="utf-8") == "Bản sửa."
    assert not (day / "digest_2026-11-21.md").exists()  # the new version has no Markdown
    assert [p.name for p in (day / "digest_2026-11-21_files").iterdir()] == ["chart1.png"]
    assert (day / "digest_2026-11-21_files" / "chart1.png").read_bytes() == b"new"
    assert not [p for p in day.iterdir() if p.name.startswith(".")]  # no temporary left behind


def test_keys_with_vietnamese_or_odd_characters_get_distinct_safe_names(tmp_path: Path) -> None:
    for key in ("alert:spike:Huế", "alert:spike:Hue", "alert:spike:../../etc"):
        deliver(_message(key=key, html=None, images=(), attachments=()), ["disk"], CHANNELS, data_dir=tmp_path,
                clock=lambda: T0)
    names = sorted(p.name for p in (tmp_path / "alerts" / "2026-11-21").iterdir())
    assert len(names) == 6 and all("/" not in n and not n.startswith(".") for n in names)
    assert "alert_spike_Hue.txt" in names
