"""The dashboards' chart data and drill-down addresses, without a server."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from langnghe.service.dashboard import Breakdown, NamedCount
from langnghe.web.charts import breakdown_chart, chart_json
from langnghe.web.links import SearchLink

TZ = "Asia/Ho_Chi_Minh"


def test_a_bucket_is_an_hour_or_a_local_day_written_as_the_search_form_reads_it() -> None:
    start = datetime(2026, 11, 14, 17, tzinfo=timezone.utc)  # 15/11/2026 00:00 in Hanoi
    day = SearchLink(query="cá chết", terms=(("section", "law"),)).bucket(start, "day", TZ)
    assert (day.since, day.until) == ("15/11/2026 00:00", "16/11/2026 00:00")
    assert day.url() == "/tim-kiem?q=c%C3%A1+ch%E1%BA%BFt&since=15%2F11%2F2026+00%3A00&until=16%2F11%2F2026+00%3A00&section=law"
    hour = SearchLink().bucket(datetime(2026, 11, 14, 23, tzinfo=timezone.utc), "hour", TZ)
    assert (hour.since, hour.until) == ("15/11/2026 06:00", "15/11/2026 07:00")


def test_a_clicked_value_replaces_its_fields_values_and_a_dimension_the_search_lacks_is_left_out() -> None:
    base = SearchLink(terms=(("section", "law"), ("section", "health"), ("province", "Hà Nội")))
    assert base.with_value("section", "sports").terms == (("province", "Hà Nội"), ("section", "sports"))
    assert base.with_value("watch_topic", "x") == base
    assert SearchLink().url() == "/tim-kiem" and SearchLink(allowed=False).with_value("section", "law").url() is None


def test_chart_json_holds_no_character_that_ends_an_attribute_or_opens_a_tag() -> None:
    hostile = "<script>alert('x')</script> & \"trích\""
    breakdown = Breakdown(field="source", label="Nguồn", values=[NamedCount(value="a", name=hostile, count=3)])
    text = chart_json(breakdown_chart(breakdown, SearchLink()))
    assert not set("<>&") & set(text)
    data = json.loads(text)
    assert data["categories"] == [hostile] and data["series"][0]["points"][0]["tip"] == f"Nguồn: {hostile} · 3 tin"
    assert data["series"][0]["points"][0]["url"] == "/tim-kiem?source=a"
