"""The search page ``/tim-kiem`` and ``/api/v1/search`` / ``/api/v1/facets`` on the demo's fourteen days."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

from langnghe.stores.accounts import Role
from langnghe.web.auth import Principal
from langnghe.web.routes.search import search_state
from langnghe.web.search_form import SearchState

Login = Callable[[Role], Principal]
Key = Callable[[Role], str]


def _api(client: TestClient, key: str, **params: object) -> dict:  # type: ignore[type-arg]
    response = client.get("/api/v1/search", params=params, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _next_link(html: str) -> str | None:
    found = re.search(r'<a class="button" rel="next" href="([^"]+)"', html)
    return unescape(found.group(1)) if found else None


def test_only_search_roles_open_it(client: TestClient, login_as: Login, api_key_for: Key) -> None:
    assert client.get("/api/v1/search").status_code == 401
    for role in ("viewer", "collaborator"):
        assert client.get("/api/v1/search", headers={"Authorization": f"Bearer {api_key_for(role)}"}).status_code == 403
        assert client.get("/api/v1/items/x", headers={"Authorization": f"Bearer {api_key_for(role)}"}).status_code == 403
    login_as("viewer")
    assert client.get("/tim-kiem").status_code == 403 and client.get("/tin/x").status_code == 403


def test_a_query_without_diacritics_finds_the_accented_words_marked(client: TestClient, login_as: Login) -> None:
    login_as("analyst")
    html = client.get("/tim-kiem", params={"q": "ca chet"}).text
    total = int(re.search(r"([\d.]+) kết quả", html).group(1).replace(".", ""))  # type: ignore[union-attr]
    assert total > 0
    marked = {mark.lower() for mark in re.findall(r"<mark>([^<]+)</mark>", html)}
    assert {"cá", "chết"} <= marked


def test_filters_narrow_the_results_and_facets_count_them(client: TestClient, api_key_for: Key) -> None:
    key = api_key_for("analyst")
    everything = _api(client, key, size=1)
    source = everything["facets"]["source"][0]
    narrowed = _api(client, key, source=source["value"], size=100)
    assert narrowed["total"] == source["count"] < everything["total"]
    assert {hit["item"]["source"] for hit in narrowed["hits"]} == {source["value"]}
    sentiment = narrowed["facets"]["sentiment"][0]
    both = _api(client, key, source=source["value"], sentiment=sentiment["value"], size=1)
    assert both["total"] == sentiment["count"] <= narrowed["total"]
    named = _api(client, key, source=source["value"], sentiment="tieu cuc" if sentiment["value"] == "negative"
                 else sentiment["value"], size=1)  # fmt: skip
    assert named["total"] == both["total"]


def _counts_url(html: str) -> str:
    found = re.search(r'hx-get="(/tim-kiem/so-tin\?[^"]*)" hx-trigger="load"', html)
    assert found, "the page does not load its facet counts"
    return unescape(found.group(1))


def test_the_counts_load_after_the_results_for_the_same_search(client: TestClient, login_as: Login, api_key_for: Key) -> None:
    login_as("analyst")
    html = client.get("/tim-kiem", params={"q": "ca chet", "size": 3}).text
    assert '<a href="/tin/' in html and '<span class="count">' not in html  # results now, counts later
    url = _counts_url(html)
    assert dict(parse_qsl(urlsplit(url).query)) == {"q": "ca chet", "size": "3"}
    fragment = client.get(url, headers={"HX-Request": "true"}).text
    api = _api(client, api_key_for("analyst"), q="ca chet", size=1)
    counts = {int(n.replace(".", "")) for n in re.findall(r'<span class="count">([\d.]+)</span>', fragment)}
    assert counts and counts <= {value["count"] for values in api["facets"].values() for value in values}
    assert "<html" not in fragment and "<h2>Lĩnh vực</h2>" in fragment
    alone = client.get(url).text  # without JavaScript: a page of its own, with the way back
    assert "<html" in alone and '<span class="count">' in alone and 'href="/tim-kiem?q=ca+chet&amp;size=3"' in alone
    assert "Xem số tin theo từng bộ lọc" in html  # the link that page is reached by (in <noscript>)


def test_a_total_past_the_bound_says_more(client: TestClient, login_as: Login, api_key_for: Key,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from langnghe.web import search_view

    exact = _api(client, api_key_for("analyst"), q="ngap", size=1)
    assert exact["total_exact"] is True and exact["total"] > 3
    monkeypatch.setattr(search_view, "TOTAL_UP_TO", 3)
    bounded = _api(client, api_key_for("analyst"), q="ngap", size=1, facets="false")
    assert (bounded["total"], bounded["total_exact"], bounded["facets"]) == (3, False, {})
    assert bounded["hits"][0]["item"]["id"] == exact["hits"][0]["item"]["id"]
    login_as("analyst")
    assert "Hơn 3 kết quả" in client.get("/tim-kiem", params={"q": "ngap"}).text


def test_the_best_match_first_unless_newest_is_asked(client: TestClient, api_key_for: Key) -> None:
    key = api_key_for("analyst")
    default = _api(client, key, q="ngap", size=20)
    scores = [hit["score"] for hit in default["hits"]]
    assert default["sort"] == "relevance" and scores == sorted(scores, reverse=True) and scores[0] > scores[-1]
    newest = _api(client, key, q="ngap", size=20, sort="time")
    times = [hit["item"]["published_at"] or hit["item"]["fetched_at"] for hit in newest["hits"]]
    assert newest["sort"] == "time" and times == sorted(times, reverse=True)


def test_a_facet_click_adds_its_filter(client: TestClient, login_as: Login) -> None:
    login_as("analyst")
    page = client.get("/tim-kiem", params={"q": "ca chet"}).text
    html = client.get(_counts_url(page), headers={"HX-Request": "true"}).text
    link = unescape(re.search(r'<li><a href="(/tim-kiem\?[^"]*section=[^"]+)"', html).group(1))  # type: ignore[union-attr]
    narrowed = client.get(link).text
    assert 'class="chip"' in narrowed and "Lĩnh vực: " in narrowed


def test_a_bad_query_shows_where_it_went_wrong(client: TestClient, login_as: Login, api_key_for: Key) -> None:
    login_as("analyst")
    html = client.get("/tim-kiem", params={"q": "cá chết OR"}).text
    assert "Lỗi ở ký tự thứ 9: sau OR cần một từ" in html
    assert '<mark class="error-at">O</mark>' in html
    response = client.get("/api/v1/search", params={"q": '(ngập "lụt'},
                          headers={"Authorization": f"Bearer {api_key_for('analyst')}"})
    assert response.status_code == 400
    assert response.json() == {"detail": 'Lỗi ở ký tự thứ 7: dấu ngoặc kép (") chưa đóng', "position": 6}


def test_a_bad_filter_is_one_vietnamese_line(client: TestClient, login_as: Login, api_key_for: Key) -> None:
    login_as("analyst")
    html = client.get("/tim-kiem", params={"emotion": "vui sướng"}).text
    assert "Cảm xúc: không có cảm xúc “vui sướng”; chọn một trong: “Buồn bã”" in html
    response = client.get("/api/v1/search", params={"since": "31/02/2026"},
                          headers={"Authorization": f"Bearer {api_key_for('analyst')}"})
    assert response.status_code == 400 and response.json()["detail"].startswith("since: không có ngày '31/02/2026'")
    backwards = client.get("/tim-kiem", params={"since": "07/12/2026", "until": "01/12/2026"}).text
    assert "Đến ngày: 01/12/2026 phải sau “Từ ngày” 07/12/2026" in unescape(backwards) and "--since" not in backwards
    damaged = client.get("/tim-kiem", params={"q": "ca chet", "after": "hong-roi"}).text
    assert "after: con trỏ trang không hợp lệ" in damaged


def test_the_cursor_pages_to_the_end_without_repeats(client: TestClient, api_key_for: Key) -> None:
    key = api_key_for("analyst")
    seen: list[str] = []
    page = _api(client, key, q="ô nhiễm", sort="time", size=7)
    while True:
        seen += [hit["item"]["id"] for hit in page["hits"]]
        if page["next"] is None:
            break
        page = _api(client, key, q="ô nhiễm", sort="time", size=7, after=page["next"])
    assert len(seen) == len(set(seen)) == page["total"] > 7


def test_the_page_s_next_link_pages_to_the_end(client: TestClient, login_as: Login) -> None:
    login_as("analyst")
    url: str | None = "/tim-kiem?q=ngap&size=3"
    ids: list[str] = []
    while url is not None:
        html = client.get(url).text
        ids += re.findall(r'<a href="/tin/([^"]+)">', html)
        url = _next_link(html)
    total = int(re.search(r"([\d.]+) kết quả", html).group(1).replace(".", ""))  # type: ignore[union-attr]
    assert len(ids) == len(set(ids)) == total > 3


def test_the_url_holds_the_whole_search(client: TestClient, login_as: Login) -> None:
    state = SearchState(q='"cá chết" -quảng_cáo', since="01/11/2026", until="20/11/2026", sort="time", size=5,
                        terms={"sentiment": ("negative",), "source": ("a", "b")})
    params: dict[str, list[str]] = {}
    for name, value in parse_qsl(urlsplit(state.url()).query):
        params.setdefault(name, []).append(value)
    single: dict[str, object] = {name: values[0] for name, values in params.items() if name not in ("sentiment", "source")}
    single["size"] = int(params["size"][0])
    assert search_state(**single, sentiment=params["sentiment"], source=params["source"]) == state
    login_as("analyst")
    typed = client.get("/tim-kiem", params={"q": "ca chet", "sentiment": "tieu cuc", "since": "", "range": ""},
                       headers={"HX-Request": "true"})  # fmt: skip
    canonical = typed.headers["HX-Push-Url"]
    assert canonical == "/tim-kiem?q=ca+chet&sentiment=negative"
    assert "<html" not in typed.text  # htmx gets the page's body only
    again = client.get(canonical).text
    assert re.findall(r'<a href="/tin/([^"]+)">', again) == re.findall(r'<a href="/tin/([^"]+)">', typed.text)


def test_facets_of_the_api(client: TestClient, api_key_for: Key) -> None:
    key = api_key_for("analyst")
    response = client.get("/api/v1/facets", params={"q": "ca chet", "field": ["emotion", "false_info"]},
                          headers={"Authorization": f"Bearer {key}"})  # fmt: skip
    assert response.status_code == 200, response.text
    found = response.json()
    assert set(found["facets"]) == {"emotion", "false_info"}
    assert sum(value["count"] for value in found["facets"]["false_info"]) == found["total"] > 0
