"""Exports in the web app and the API: the rows of ``langnghe export`` streamed, a viewer denied
(403, nothing audited), hostile cells kept inert, large exports as background jobs."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from langnghe.settings import Settings
from langnghe.stores.accounts import Role
from langnghe.testing import build_item
from langnghe.web.auth import Principal
from langnghe.web.routes.exports import export_jobs

from .conftest import REPO, csrf_of
from .own_data import login, own_client

SEARCH = "province=C%E1%BA%A7n+Th%C6%A1&sentiment=Ti%C3%AAu+c%E1%BB%B1c"  # Cần Thơ, Tiêu cực


def _cli_export(settings: Settings, output: Path) -> bytes:
    done = subprocess.run([sys.executable, "-m", "langnghe.cli", "export", "--province", "Cần Thơ", "--sentiment",
                           "Tiêu cực", "-o", str(output), "--data-dir", str(settings.data_dir), "--config-dir",
                           str(settings.config_dir)], capture_output=True, text=True, timeout=180, check=False,
                          env={**os.environ, "COLUMNS": "300"})  # fmt: skip
    assert done.returncode == 0, done.stderr
    return output.read_bytes()


def test_a_streamed_export_holds_the_rows_of_langnghe_export(
    client: TestClient, web_settings: Settings, web_app: FastAPI, login_as: Callable[[Role], Principal],
    tmp_path: Path,
) -> None:
    login_as("analyst")
    streamed = client.get(f"/xuat?format=csv&{SEARCH}")
    assert streamed.status_code == 200
    assert streamed.headers["content-type"] == "text/csv; charset=utf-8"
    assert streamed.headers["content-disposition"].startswith('attachment; filename="langnghe-xuat-')
    assert streamed.headers["x-content-type-options"] == "nosniff"
    expected = _cli_export(web_settings, tmp_path / "cli.csv")
    assert streamed.content == expected and expected.count(b"\r\n") > 2
    [entry] = [e for e in web_app.state.langnghe.app.accounts.audit_log(action="export")
               if e.username == client.get("/api/v1/me").json()["username"]]  # fmt: skip
    rows = expected.count(b"\r\n") - 1
    assert entry.detail.startswith(f"csv, {rows} tin (tải ngay); Sắc thái: Tiêu cực; Tỉnh/thành: Cần Thơ")


def _count(page: str) -> int:
    found = re.search(r'id="export-count">([\d.]+)<', page)
    assert found, "no count on the export page"
    return int(found.group(1).replace(".", ""))


def test_the_export_page_says_what_is_exported_and_the_api_streams_jsonl(
    client: TestClient, login_as: Callable[[Role], Principal], api_key_for: Callable[[Role], str]
) -> None:
    login_as("analyst")
    form = client.get(f"/xuat?{SEARCH}")
    assert form.status_code == 200 and "Sắc thái: Tiêu cực; Tỉnh/thành: Cần Thơ" in form.text
    headers = {"Authorization": f"Bearer {api_key_for('analyst')}"}
    lines = client.get(f"/api/v1/exports/stream?format=jsonl&{SEARCH}", headers=headers)
    assert lines.status_code == 200 and lines.headers["content-type"].startswith("application/x-ndjson")
    assert lines.text.count("\n") >= 1
    week = client.get("/xuat?range=7d")
    assert "7 ngày qua" in week.text and _count(week.text) < _count(client.get("/xuat").text)  # the demo is older
    assert client.get("/xuat?range=1y").status_code == 422  # read as the search page reads it
    assert client.get("/api/v1/exports/stream?format=csv&range=1y", headers=headers).json()["detail"] == (
        "range: giá trị không hợp lệ")
    bad = client.get("/api/v1/exports/stream?format=pdf", headers=headers)
    assert bad.status_code == 400 and bad.json()["detail"] == "Định dạng: cần csv, xlsx hoặc jsonl, nhận 'pdf'"
    unknown = client.get("/api/v1/exports/stream?format=csv&province=Atlantis", headers=headers)
    assert unknown.status_code == 400 and "Atlantis" in unknown.json()["detail"]


def test_a_viewer_is_denied_an_export(
    client: TestClient, web_app: FastAPI, login_as: Callable[[Role], Principal], api_key_for: Callable[[Role], str]
) -> None:
    viewer = login_as("viewer")
    page = client.get(f"/xuat?format=csv&{SEARCH}")
    assert page.status_code == 403 and "không được xuất dữ liệu" in page.text
    posted = client.post(f"/xuat?{SEARCH}", data={"format": "csv", "csrf_token": csrf_of(client)})
    assert posted.status_code == 403
    headers = {"Authorization": f"Bearer {api_key_for('viewer')}"}
    assert client.get(f"/api/v1/exports/stream?format=csv&{SEARCH}", headers=headers).status_code == 403
    assert client.post("/api/v1/exports?format=csv", headers=headers).status_code == 403
    assert not [e for e in web_app.state.langnghe.app.accounts.audit_log(action="export") if e.user_id == viewer.user_id]


HOSTILE = build_item(id="doc-hai-0001", title='<script>alert("xss")</script>=HYPERLINK("http://x.example","bấm")',
                     text='=cmd|" /C calc"!A0 <img src=x onerror=alert(1)>', url="javascript:alert(1)")


def test_a_hostile_title_stays_inert_in_every_export_format(tmp_path: Path) -> None:
    with own_client(tmp_path, [HOSTILE]) as (web, client):
        login(web, client, "analyst")
        rows = list(csv.reader(io.StringIO(client.get("/xuat?format=csv").content.decode("utf-8-sig"))))
        sheet = load_workbook(io.BytesIO(client.get("/xuat?format=xlsx").content))["items"]
        jsonl = client.get("/xuat?format=jsonl")
    cells = dict(zip(rows[0], rows[1]))
    assert cells["title"] == HOSTILE.title  # markup is only text in a CSV (served as an attachment, nosniff)
    assert cells["text"].startswith("'=cmd")  # a cell starting with = + - @ gets a leading ': never a formula
    title = sheet.cell(row=2, column=rows[0].index("title") + 1)
    assert title.data_type == "s" and title.value == HOSTILE.title
    url = sheet.cell(row=2, column=rows[0].index("url") + 1)
    assert url.hyperlink is None  # javascript: is never a link
    assert jsonl.headers["content-disposition"].startswith("attachment;")
    assert jsonl.headers["x-content-type-options"] == "nosniff"


def test_a_large_export_runs_in_the_background_with_a_download_link(tmp_path: Path) -> None:
    items = [build_item(id=f"nhieu-tin-{n:04d}", title=f"Tin {n}") for n in range(30)]
    with own_client(tmp_path, items) as (web, client):
        owner = login(web, client, "analyst")
        web.state.langnghe_export_stream_limit = 10
        form = client.get("/xuat?format=csv")  # more than the limit: the form, not the file
        assert form.status_code == 200 and "chế độ chạy nền" in form.text
        queued = client.post("/xuat", data={"format": "csv", "csrf_token": csrf_of(client)}, follow_redirects=False)
        assert queued.status_code == 303 and queued.headers["location"].startswith("/xuat/viec/")
        export_jobs_of(web).wait(60)
        job_page = client.get(queued.headers["location"])
        assert "Xong" in job_page.text and 'id="export-download"' in job_page.text
        download = client.get(queued.headers["location"] + "/tai-ve")
        assert download.status_code == 200 and download.content.count(b"\r\n") == 31
        job_id = queued.headers["location"].rsplit("/", 1)[1]
        api = client.get(f"/api/v1/exports/{job_id}").json()
        assert (api["state"], api["written"], api["download"]) == ("done", 30, f"/api/v1/exports/{job_id}/file")
        login(web, client, "analyst")  # another analyst: not theirs
        assert client.get(queued.headers["location"]).status_code == 404
        assert client.get(f"/api/v1/exports/{job_id}/file").status_code == 404
        actions = [e.action for e in web.state.langnghe.app.accounts.audit_log() if e.user_id == owner.user_id]
        assert "export" in actions and "export_download" in actions


def export_jobs_of(web: FastAPI):  # type: ignore[no-untyped-def]
    class _Request:
        app = web

    return export_jobs(_Request())  # type: ignore[arg-type]
