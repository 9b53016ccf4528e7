"""Field reports through the real enrich stage and index, their states, and the quarantine's retry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from langnghe.app import App
from langnghe.index.base import Filters
from langnghe.jobs.core import run_enrich
from langnghe.jobs.field_reports import submit_report, submit_upload
from langnghe.jobs.quarantine import retry_quarantined
from langnghe.service.queries import QueryService
from langnghe.settings import Settings
from langnghe.stages.field_reports import FieldReportInput

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    with App(Settings(data_dir=tmp_path / "data", config_dir=REPO / "config")) as application:
        yield application


def test_a_report_is_enriched_indexed_and_listed_with_its_state(app: App) -> None:
    report = FieldReportInput(text="Nhà máy xả nước thải gây ô nhiễm, cá chết hàng loạt trên sông",
                              place="xã An Phú, tỉnh Bình Dương", reported_at="06/12/2026 08:00")  # fmt: skip
    filed, new = submit_report(app, report, "42")
    queries = QueryService(app)
    (waiting,) = queries.field_reports(user_id="42").reports
    assert new and (waiting.state, waiting.state_name, waiting.filed_by) == ("waiting", "Đang chờ xử lý", None)
    assert run_enrich(app).done == 1
    (done,) = queries.field_reports(user_id="42").reports
    assert done.state == "done" and queries.field_reports(user_id="41").reports == []
    found = queries.search("cá chết", Filters(terms={"platform": ("collaborator",)})).hits
    assert [hit.item.id for hit in found] == [filed.item.id]
    nlp = found[0].item.nlp
    assert nlp is not None and "TP Hồ Chí Minh" in nlp.provinces and "pollution_environment" in nlp.concerns
    assert nlp.sentiment is not None and found[0].item.author != "42"
    (shown,) = queries.field_reports(show_filer=True).reports
    assert shown.filed_by is not None and shown.filed_by.user_id == "42"
    assert submit_report(app, report, "42")[1] is False and app.queue.stats().ready == 0


def test_a_quarantined_report_comes_back_with_retry(app: App, tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.csv"
    path.write_text("text,place\nĐường sạt lở sau mưa lớn,Lào Cai\n", encoding="utf-8")
    assert submit_upload(app, path, None, "42").queued == 1
    lease = app.queue.lease(10)
    assert lease is not None
    app.queue.quarantine(lease, [lease.items[0].id], "thử cách ly")
    queries = QueryService(app)
    assert queries.field_reports().reports[0].state == "quarantined"
    assert [entry.reason for entry in queries.queue().quarantined] == ["thử cách ly"]
    assert retry_quarantined(app, ["không-có"]) == 0
    assert retry_quarantined(app, [lease.items[0].id]) == 1
    assert queries.field_reports().reports[0].state == "waiting" and queries.queue().quarantined == []
    assert run_enrich(app).done == 1 and queries.field_reports().reports[0].state == "done"
