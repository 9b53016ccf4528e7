"""Search in a real browser: log in, search with a filter (htmx updates the results and the
address bar), see the facet counts arrive after the results and narrow by one, open an item and
see its signals."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from langnghe.stores.accounts import Role
from langnghe.web.auth import Principal


def test_search_with_a_filter_then_open_an_item(browser_login: Callable[[Role], Principal], live_url: str,
                                                page: object) -> None:
    browser_login("analyst")
    page.goto(f"{live_url}/tim-kiem")  # type: ignore[attr-defined]
    page.fill("input[name=q]", "ca chet")  # type: ignore[attr-defined]
    page.click("details.filters summary")  # type: ignore[attr-defined]
    page.select_option("select[name=sentiment]", "negative")  # type: ignore[attr-defined]
    page.click("form.search-form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url("**/tim-kiem?q=ca+chet&sentiment=negative")  # type: ignore[attr-defined]
    assert parse_qs(urlsplit(page.url).query) == {"q": ["ca chet"], "sentiment": ["negative"]}  # type: ignore[attr-defined]
    assert page.locator(".chip").first.text_content().startswith("Sắc thái: Tiêu cực")  # type: ignore[attr-defined]
    marks = {text.lower() for text in page.locator(".snippet mark").all_text_contents()}  # type: ignore[attr-defined]
    assert {"cá", "chết"} <= marks
    facet = page.locator(".facets .facet li a").first  # type: ignore[attr-defined]
    facet.wait_for()  # the counts, loaded after the results
    assert page.url.endswith("/tim-kiem?q=ca+chet&sentiment=negative")  # type: ignore[attr-defined]  # not pushed
    heading = facet.locator("xpath=ancestor::section[1]/h2").text_content()
    facet.click()
    page.wait_for_function("document.querySelectorAll('.chip').length === 2")  # type: ignore[attr-defined]
    assert {chip.split(":")[0] for chip in page.locator(".chip").all_text_contents()} == {"Sắc thái", heading}  # type: ignore[attr-defined]
    assert len(parse_qs(urlsplit(page.url).query)) == 3  # type: ignore[attr-defined]
    title = page.locator(".hit h3 a").first.text_content()  # type: ignore[attr-defined]
    page.locator(".hit h3 a").first.click()  # type: ignore[attr-defined]
    page.wait_for_url("**/tin/**")  # type: ignore[attr-defined]
    assert page.text_content("h1") == title  # type: ignore[attr-defined]
    assert page.locator("table.signals tbody tr").count() >= 4  # type: ignore[attr-defined]
    assert page.get_attribute("a[target=_blank]", "rel") == "noopener noreferrer"  # type: ignore[attr-defined]
