"""What a person reads in the digest (mail text, Markdown, HTML) and the monthly report names
sources, concerns, watch topics and labels: none of their ids shows."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path

import docx

from langnghe.demo.testing import DEMO_END
from langnghe.labels import FIELD_VI
from langnghe.reports.digest_render import build_digest_message
from langnghe.reports.monthly import write_monthly_report
from langnghe.reports.names import load_names
from langnghe.settings import Settings


def _ids(settings: Settings) -> set[str]:
    names = load_names(settings)
    assert names.sources and names.topics and names.concerns  # the demo's config names them all
    found = set(names.sources) | set(names.topics) | set(names.concerns)
    for table in FIELD_VI.values():
        found |= {slug for slug in table if "_" in slug or "-" in slug}  # "politics_society"; not "news"
    return found


def _shown_ids(text: str, ids: set[str]) -> set[str]:
    return {slug for slug in ids if re.search(rf"(?<![\w/.-]){re.escape(slug)}(?![\w/.-])", text)}


def _visible(page: str) -> str:
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    page = re.sub(r'(src|href)="[^"]*"', "", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_digest_names_what_it_counts_and_cites(demo_data: Settings) -> None:
    ids = _ids(demo_data)
    for day in (DEMO_END - timedelta(days=n) for n in range(3)):
        message = build_digest_message(demo_data, day)
        for form in (message.text, message.markdown or "", _visible(message.html or "")):
            assert _shown_ids(form, ids) == set(), day
        assert any(name in message.text for name in load_names(demo_data).sources.values())


def test_the_monthly_report_names_what_it_counts_and_cites(demo_data: Settings, tmp_path: Path) -> None:
    path = write_monthly_report(demo_data, f"{DEMO_END:%Y-%m}", tmp_path / "bao-cao.docx")
    document = docx.Document(str(path))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    text += "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert _shown_ids(text, _ids(demo_data)) == set()
    assert any(name in text for name in load_names(demo_data).sources.values())
