"""Only web links (issue 14, point 3): a ``javascript:``, ``file:`` or ``data:`` address is never
stored as an item's link (the Item boundary keeps it as no link) and never rendered as a link:
the digest (HTML, Markdown, text), the alerts (HTML, Markdown, text), the monthly DOCX and the
XLSX export all go through one helper, :func:`langnghe.item.web_link`."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE

from langnghe.alerts.model import Alert, Sample
from langnghe.alerts.render import alerts_message
from langnghe.claims.model import Claim
from langnghe.claims.store import ClaimStore, MatchRecord
from langnghe.delivery.message import Message
from langnghe.exports.writers import write_xlsx
from langnghe.index import open_index
from langnghe.item import ClaimMatch, FalseInfo, Item, web_link
from langnghe.reports.digest_render import build_digest_message
from langnghe.reports.monthly import write_monthly_report
from langnghe.settings import Settings
from langnghe.testing import build_item, build_nlp

UTC = timezone.utc
SCRIPT = "javascript:alert(document.domain)"
HOSTILE = [SCRIPT, " JavaScript:alert(1)", "java\tscript:alert(1)", "file:///etc/passwd", "FILE://C:/Windows/win.ini",
           "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "https:alert(1)", "//evil.example/x",
           "https://a.example/\nBcc: x", "tel:+84123456789"]
NOW = datetime(2026, 11, 21, 1, 0, tzinfo=UTC)
PUBLISHED = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # 09:00 on the 20th in Vietnam


@pytest.mark.parametrize("url", HOSTILE)
def test_a_non_web_address_is_stored_as_no_link(url: str) -> None:
    item = build_item(url=url, canonical_url=url)
    assert (item.url, item.canonical_url) == (None, None)
    assert web_link(url) is None


@pytest.mark.parametrize("url", ["https://baomoi.example/tin/a.html?x=1#b", "HTTP://Báo.example/tin mới", "http://127.0.0.1:8080/a"])
def test_web_addresses_are_kept(url: str) -> None:
    assert web_link(url) == url and build_item(url=url).url == url


def _no_live_link(*outputs: str | None) -> None:
    for output in outputs:
        assert output is not None
        lowered = output.lower()
        for scheme in ("javascript:", "file:", "data:text"):
            assert scheme not in lowered, output


def _world(tmp_path: Path) -> Settings:
    """An index whose items came with hostile links, and a claim store whose records were
    written by an earlier version (with the links as they came)."""
    config = tmp_path / "config"
    config.mkdir()
    (config / "sources.yaml").write_text(
        'sources:\n  - {id: bao-a, kind: rss, name: Báo A, url: "https://a.example/rss"}\n', encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", config_dir=config)
    items = [build_item(
        id=f"lien-ket-{n}", source="bao-a", title=f"Tin đồn nước máy nhiễm độc số {n}", url=url,
        published_at=PUBLISHED + timedelta(minutes=n), fetched_at=PUBLISHED + timedelta(hours=1),
        nlp=build_nlp(sentiment="negative", toxicity="hate", concerns=["pollution_environment"], provinces=["Cần Thơ"],
                      section="politics_society"),
        claims=[ClaimMatch(claim_id="nuoc-may", similarity=0.9)], story_id="st-nuoc-may",
        false_info=FalseInfo(flagged=True, score=0.9, explanation="khớp tin đã bị bác bỏ"),
    ) for n, url in enumerate([SCRIPT, "file:///etc/passwd"])]  # fmt: skip
    index = open_index(settings)
    index.upsert(items)
    index.close()
    with ClaimStore(settings.paths.claims) as claims:
        claims.upsert_claims([Claim(id="nuoc-may", claim="Nước máy Cần Thơ nhiễm độc")], "import")
        records = [MatchRecord(claim_id="nuoc-may", item_id=item.id, similarity=0.9, method="retrieval", stance=stance,
                               published_at=PUBLISHED, source="bao-a", platform="news", title=item.title,
                               url=url, provinces=("Cần Thơ",))
                   for item, stance, url in zip(items, ("spreads", "refutes"), (SCRIPT, "file:///etc/passwd"))]
        claims.record([item.id for item in items], records)
    return settings


def test_the_digest_renders_no_hostile_link(tmp_path: Path) -> None:
    message: Message = build_digest_message(_world(tmp_path), date(2026, 11, 20), now=NOW)
    assert "Tin đồn nước máy nhiễm độc số 0" in (message.html or "")
    _no_live_link(message.html, message.markdown, message.text)


def test_the_monthly_report_carries_no_hostile_hyperlink(tmp_path: Path) -> None:
    path = write_monthly_report(_world(tmp_path), "2026-11", tmp_path / "bao-cao.docx", now=NOW)
    document = docx.Document(str(path))
    links = [rel.target_ref for rel in document.part.rels.values() if rel.reltype == RELATIONSHIP_TYPE.HYPERLINK]
    assert all(web_link(link) == link for link in links), links
    assert "Tin đồn nước máy nhiễm độc số 0" in "\n".join(p.text for p in document.paragraphs)


def test_alerts_render_no_hostile_link() -> None:
    samples = tuple(Sample(f"Tin {n}", url, "bao-a") for n, url in enumerate(HOSTILE))
    alert = Alert(rule_id="tin-don", kind="claim", subject="claim:nuoc-may", title="Thông tin sai lệch đang lan truyền",
                  detail="3 tin", value=3.0, at=NOW, samples=samples)
    message = alerts_message([alert], "Asia/Ho_Chi_Minh")
    _no_live_link(message.html, message.markdown, message.text)
    assert "[Tin 0]" not in (message.markdown or "") and "Tin 0" in (message.markdown or "")


def test_the_xlsx_export_links_only_web_addresses(tmp_path: Path) -> None:
    good = build_item(id="lien-ket-tot", url="https://a.example/tin")
    # model_copy does not validate: a producer that bypassed the Item boundary
    bad = [good.model_copy(update={"id": f"lien-ket-xau-{n}", "url": url}) for n, url in enumerate(HOSTILE)]
    path = tmp_path / "ra.xlsx"
    write_xlsx([good, *bad], path, ZoneInfo("Asia/Ho_Chi_Minh"))
    sheet = openpyxl.load_workbook(path).worksheets[0]
    linked = [cell.hyperlink.target for row in sheet.iter_rows() for cell in row if cell.hyperlink is not None]
    assert linked == ["https://a.example/tin"]


def test_items_read_back_from_an_older_index_lose_a_hostile_link() -> None:
    stored = build_item(url="https://a.example/x").to_json().replace("https://a.example/x", SCRIPT)
    assert Item.from_json(stored).url is None
