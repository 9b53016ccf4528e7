"""Digests and reports in the web app: the archive lists the digest files, a digest opens sandboxed,
a monthly report is built on request for a month typed mm/yyyy, and downloads."""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

from docx import Document

from langnghe.testing import build_item

from .conftest import csrf_of
from .own_data import login, own_client


def _write_digests(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "ban-tin-2026-11-19.html").write_text("<h1>Bản tin 19/11</h1><script>alert(1)</script>", encoding="utf-8")
    (folder / "ban-tin-2026-11-19.md").write_text("# Bản tin 19/11", encoding="utf-8")
    (folder / "ban-tin-2026-11-20.md").write_text("# Bản tin 20/11", encoding="utf-8")
    (folder / "khong-phai-ban-tin.html").write_text("x", encoding="utf-8")


def test_the_archive_lists_the_digests_and_a_viewer_opens_them_sandboxed(tmp_path: Path) -> None:
    with own_client(tmp_path) as (web, client):
        _write_digests(web.state.langnghe.app.paths.digests)
        login(web, client, "viewer")
        page = client.get("/ban-tin")
        assert page.status_code == 200
        assert page.text.index("20/11/2026") < page.text.index("19/11/2026") and "khong-phai" not in page.text
        html = client.get("/ban-tin/2026-11-19.html")
        assert html.status_code == 200 and "sandbox" in html.headers["content-security-policy"]
        assert "script-src" not in html.headers["content-security-policy"]  # default-src 'none': no script runs
        assert html.headers["content-disposition"].startswith("inline")
        assert client.get("/ban-tin/2026-11-19.html?tai=1").headers["content-disposition"].startswith("attachment")
        assert client.get("/ban-tin/2026-11-20.md").text == "# Bản tin 20/11"
        assert client.get("/ban-tin/2026-11-20.html").status_code == 404
        assert client.get("/ban-tin/..%2F..%2Fetc%2Fpasswd.md").status_code == 404
        listed = client.get("/api/v1/digests").json()
        assert [(d["day"], d["formats"]) for d in listed] == [("2026-11-20", ["md"]), ("2026-11-19", ["html", "md"])]
        assert client.get(listed[1]["links"]["html"]).headers["content-disposition"].startswith("attachment")
        login(web, client, "collaborator")
        assert client.get("/ban-tin").status_code == 403


def test_a_monthly_report_is_built_on_request_and_downloaded(tmp_path: Path) -> None:
    items = [build_item(id=f"thang-11-{n:04d}", published_at=datetime(2026, 11, 3 + n, 2, tzinfo=timezone.utc),
                        sentiment="negative", section="health", provinces=["Cần Thơ"]) for n in range(6)]  # fmt: skip
    with own_client(tmp_path, items) as (web, client):
        analyst = login(web, client, "analyst")
        bad = client.post("/bao-cao", data={"month": "13/2026", "csrf_token": csrf_of(client)})
        assert bad.status_code == 400 and 'value="13/2026"' in bad.text
        assert "Tháng: không đọc được tháng &#39;13/2026&#39;" in bad.text
        built = client.post("/bao-cao", data={"month": "11/2026", "csrf_token": csrf_of(client)}, follow_redirects=False)
        assert built.status_code == 303 and built.headers["location"] == "/bao-cao?thang=2026-11"
        page = client.get(built.headers["location"])
        assert "Đã lập báo cáo tháng 11/2026" in page.text and 'href="/bao-cao/2026-11.docx"' in page.text
        docx = client.get("/bao-cao/2026-11.docx")
        assert docx.status_code == 200 and docx.headers["content-type"].endswith("wordprocessingml.document")
        assert "11/2026" in "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
        assert [r["month"] for r in client.get("/api/v1/reports").json()] == ["11/2026"]
        assert client.get("/api/v1/reports/2026-11").status_code == 200
        assert client.get("/api/v1/reports/2026-10").status_code == 404
        assert any(e.action == "report_build" and "11/2026" in e.detail
                   for e in web.state.langnghe.app.accounts.audit_log() if e.user_id == analyst.user_id)
