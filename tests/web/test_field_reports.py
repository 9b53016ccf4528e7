"""Field reports through the web app: the collaborators' form, upload and API; the reports go
through the real enrich stage and index; who filed them is shown to admins only."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient

from langnghe.index.base import Filters
from langnghe.jobs.core import run_enrich
from langnghe.stores.accounts import Role
from langnghe.web.auth import Principal

from .conftest import csrf_of


def _unique(text: str) -> str:
    """A report text no other test (the data folder is shared) files."""
    return f"{text} (mã {secrets.token_hex(3)})"


def test_a_report_filed_on_the_form_is_enriched_and_found_in_search(
    client: TestClient, web_app: FastAPI, login_as: Callable[[Role], Principal]
) -> None:
    collaborator = login_as("collaborator")
    text = _unique("Nhà máy giấy xả nước thải ra sông, cá chết trắng một đoạn dài, người dân rất bức xúc")
    form = {"text": text, "place": "xã Tân Phú, tỉnh Bình Phước", "reported_at": "06/12/2026 08:30",
            "caption": "Cá chết nổi dọc bờ", "csrf_token": csrf_of(client)}  # fmt: skip
    response = client.post("/bao-cao-hien-truong", data=form)
    assert response.status_code == 200 and "Đã gửi báo cáo" in response.text
    assert "Đang chờ xử lý" in response.text and text[:40] in response.text
    again = client.post("/bao-cao-hien-truong", data=form)
    assert "Báo cáo này đã được gửi trước đó" in again.text
    app = web_app.state.langnghe.app
    run_enrich(app)
    assert "Đã xử lý" in client.get("/bao-cao-hien-truong").text
    queries = web_app.state.langnghe.queries
    (filed,) = queries.field_reports(user_id=str(collaborator.user_id)).reports
    hits = queries.search("cá chết", Filters(terms={"platform": ("collaborator",)}), size=100).hits
    (item,) = [hit.item for hit in hits if hit.item.id == filed.item_id]
    assert item.platform == "collaborator" and item.source == "bao-cao-hien-truong"
    assert item.nlp is not None and "Đồng Nai" in item.nlp.provinces and "pollution_environment" in item.nlp.concerns
    assert item.nlp.sentiment is not None and item.nlp.section is not None
    assert collaborator.username not in item.model_dump_json() and item.author  # the author is a pseudonym


def test_a_bad_report_keeps_what_was_typed_and_says_which_field(
    client: TestClient, login_as: Callable[[Role], Principal]
) -> None:
    login_as("collaborator")
    response = client.post("/bao-cao-hien-truong", data={"text": "Ngập sâu", "reported_at": "31/02/2026",
                                                         "csrf_token": csrf_of(client)})  # fmt: skip
    assert response.status_code == 400
    assert "Thời gian: không có ngày &#39;31/02/2026&#39;" in response.text and ">Ngập sâu</textarea>" in response.text


def test_an_upload_names_the_bad_row_and_column_and_files_the_good_ones(
    client: TestClient, login_as: Callable[[Role], Principal]
) -> None:
    login_as("collaborator")
    first, second = _unique("Sạt lở taluy âm"), _unique("Nước lũ dâng cao")
    body = f"noi_dung,dia_diem,ngay\n{first},Lào Cai,06/12/2026\n{second},Yên Bái,2026-13-01\nĐường ngập,Huế,06/12/2026 07:00\n"
    response = client.post("/bao-cao-hien-truong/tai-len", data={"mapping": "text=noi_dung,place=dia_diem,reported_at=ngay",
                                                                 "csrf_token": csrf_of(client)},
                           files={"file": ("khao-sat.csv", body.encode(), "text/csv")})  # fmt: skip
    assert response.status_code == 200
    assert "Đọc 3 hàng: 2 báo cáo đã gửi" in response.text
    assert "hàng 3, cột &#39;ngay&#39;: không có ngày &#39;2026-13-01&#39;" in response.text
    wrong = client.post("/bao-cao-hien-truong/tai-len", data={"csrf_token": csrf_of(client)},
                        files={"file": ("anh.png", b"\x89PNG", "image/png")})  # fmt: skip
    assert wrong.status_code == 400 and "anh.png: cần tệp .csv, .tsv, .xlsx" in wrong.text


def test_the_api_files_lists_own_reports_and_refuses_bad_ones(client: TestClient, api_key_for: Callable[[Role], str]) -> None:
    key, other = api_key_for("collaborator"), api_key_for("collaborator")
    report = {"text": _unique("Giá lợn hơi giảm mạnh, người chăn nuôi thua lỗ"), "place": "Thái Bình"}
    created = client.post("/api/v1/field-reports", json=report, headers={"Authorization": f"Bearer {key}"})
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["new"] is True and body["report"]["state"] == "waiting" and body["report"]["province"] == "Hưng Yên"
    assert body["report"]["filed_by"] is None
    again = client.post("/api/v1/field-reports", json=report, headers={"Authorization": f"Bearer {key}"})
    assert again.status_code == 200 and again.json()["new"] is False
    own = client.get("/api/v1/field-reports", headers={"Authorization": f"Bearer {key}"}).json()["reports"]
    assert [r["item_id"] for r in own] == [body["report"]["item_id"]]
    assert client.get("/api/v1/field-reports", headers={"Authorization": f"Bearer {other}"}).json()["reports"] == []
    bad = client.post("/api/v1/field-reports", json={"text": "x", "url": "javascript:alert(1)"},
                      headers={"Authorization": f"Bearer {key}"})  # fmt: skip
    assert bad.status_code == 400 and bad.json()["detail"].startswith("Liên kết: cần một liên kết bắt đầu bằng http")
    upload = client.post("/api/v1/field-reports/upload", headers={"Authorization": f"Bearer {key}"},
                         files={"file": ("a.csv", "text,place\n,Huế\n".encode(), "text/csv")})  # fmt: skip
    assert upload.json() == {"read": 1, "queued": 0, "unchanged": 0, "problems": ["hàng 2, cột 'text': cần nội dung báo cáo"]}


def test_only_admins_see_who_filed(
    client: TestClient, web_app: FastAPI, login_as: Callable[[Role], Principal], api_key_for: Callable[[Role], str]
) -> None:
    collaborator = login_as("collaborator")
    text = _unique("Dân phản đối dự án thu hồi đất làm khu công nghiệp")
    client.post("/bao-cao-hien-truong", data={"text": text, "csrf_token": csrf_of(client)})
    client.cookies.clear()
    login_as("analyst")
    assert client.get("/bao-cao-hien-truong").status_code == 403
    assert client.get("/quan-tri/bao-cao-hien-truong").status_code == 403
    analyst_key = api_key_for("analyst")
    assert client.get("/api/v1/admin/field-reports", headers={"Authorization": f"Bearer {analyst_key}"}).status_code == 403
    client.cookies.clear()
    login_as("admin")
    page = client.get("/quan-tri/bao-cao-hien-truong").text
    assert f"({collaborator.username})" in page and text[:40] in page
    admin_key = api_key_for("admin")
    reports = client.get("/api/v1/admin/field-reports", headers={"Authorization": f"Bearer {admin_key}"}).json()["reports"]
    (mine,) = [r for r in reports if r["text"] == text]
    assert mine["filed_by"] == {"user_id": str(collaborator.user_id), "username": collaborator.username,
                                "display_name": collaborator.display_name}  # fmt: skip
    one = client.get(f"/api/v1/admin/field-reports/{mine['item_id']}", headers={"Authorization": f"Bearer {admin_key}"})
    assert one.json()["filed_by"]["username"] == collaborator.username
    assert client.get("/api/v1/admin/field-reports/khong-co", headers={"Authorization": f"Bearer {admin_key}"}).status_code == 404
    assert client.get(f"/api/v1/admin/field-reports/{mine['item_id']}",
                      headers={"Authorization": f"Bearer {analyst_key}"}).status_code == 403  # fmt: skip
