"""Kibana saved objects for the items index: a data view over the read alias and a dashboard.

The data view (``langnghe-items``, time field ``@timestamp``, the effective publication time of
:func:`~langnghe.index.es.documents.to_document`) names the fields in Vietnamese and shows their
values by name, not by id: sections, sentiments, platforms... from :mod:`langnghe.labels`,
concerns, watch topics and sources from the configuration (Kibana's "static lookup" format).
The dashboard holds five aggregation-based visualizations: items over time by platform, by
section, by sentiment, by province and by source.

``scripts/kibana_objects.py`` writes them to ``deploy/kibana/langnghe.ndjson``;
``scripts/kibana-import.sh`` imports that file through Kibana's saved objects API (docs/deploy.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from langnghe.labels import DIMENSION_VI

DATA_VIEW_ID = "langnghe-items"
DASHBOARD_ID = "langnghe-tong-quan"
DASHBOARD_TITLE = "Langnghe: tổng quan tin, bài"
CORE_MIGRATION = "8.8.0"  # the saved-object format these are written in (Kibana 8.8 and later)
TYPE_MIGRATION = {"index-pattern": "7.11.0", "visualization": "8.0.0", "dashboard": "8.7.0"}
COUNT_LABEL = "Số tin, bài"
INDEX_REF = "kibanaSavedObjectMeta.searchSourceJSON.index"

# Fields analysts filter and split by, with their Vietnamese names.
FIELD_LABELS: dict[str, str] = {
    "@timestamp": "Thời gian", "published_at": "Thời gian đăng", "fetched_at": "Thời gian thu thập",
    **{name: DIMENSION_VI[name] for name in ("section", "concern", "watch_topic", "province", "story", "source",
                                             "platform", "kind", "sentiment", "emotion", "toxicity", "false_info")},
    "title": "Tiêu đề", "text": "Nội dung", "url": "Địa chỉ", "author": "Tác giả (ẩn danh)",
    "entity": "Thực thể", "keyword": "Từ khóa", "claim": "Tin sai đã xác minh",
}  # fmt: skip


@dataclass(frozen=True)
class Panel:
    """One visualization of the dashboard: ``field``'s values counted, laid out at ``grid`` (x, y, w, h)."""

    id: str
    title: str
    kind: str  # "histogram" (over time, split by ``field``), "pie" or "table"
    field: str
    size: int
    grid: tuple[int, int, int, int]


PANELS: tuple[Panel, ...] = (
    Panel("langnghe-theo-thoi-gian", "Số tin, bài theo thời gian và nền tảng", "histogram", "platform", 10, (0, 0, 48, 14)),
    Panel("langnghe-theo-linh-vuc", "Số tin, bài theo lĩnh vực", "pie", "section", 10, (0, 14, 24, 15)),
    Panel("langnghe-theo-sac-thai", "Số tin, bài theo sắc thái", "pie", "sentiment", 3, (24, 14, 24, 15)),
    Panel("langnghe-theo-tinh-thanh", "Tỉnh/thành được nhắc đến nhiều nhất", "table", "province", 20, (0, 29, 24, 16)),
    Panel("langnghe-theo-nguon", "Số tin, bài theo nguồn", "table", "source", 20, (24, 29, 24, 16)),
)  # fmt: skip


@dataclass(frozen=True)
class SavedObject:
    """One line of a saved objects NDJSON file, as Kibana's import reads it."""

    type: str
    id: str
    attributes: dict[str, Any]
    references: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> str:
        line = {"type": self.type, "id": self.id, "attributes": self.attributes, "references": self.references,
                "coreMigrationVersion": CORE_MIGRATION, "typeMigrationVersion": TYPE_MIGRATION[self.type]}  # fmt: skip
        return json.dumps(line, ensure_ascii=False, sort_keys=True)


def _text(value: Any) -> str:
    """Kibana keeps these attributes as JSON inside a string."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def data_view(read_alias: str, value_names: dict[str, dict[str, str]]) -> SavedObject:
    """The data view over ``read_alias``; ``value_names`` gives the Vietnamese name of each value per field."""
    formats = {name: {"id": "static_lookup", "params": {
        "lookupEntries": [{"key": key, "value": value} for key, value in sorted(table.items())],
        "unknownKeyValue": None}} for name, table in sorted(value_names.items()) if table}  # fmt: skip
    return SavedObject("index-pattern", DATA_VIEW_ID, {
        "title": read_alias, "name": read_alias, "timeFieldName": "@timestamp",
        "fieldAttrs": _text({name: {"customLabel": label} for name, label in FIELD_LABELS.items()}),
        "fieldFormatMap": _text(formats), "fields": "[]", "runtimeFieldMap": "{}", "typeMeta": "{}",
    })  # fmt: skip


def _aggs(panel: Panel) -> list[dict[str, Any]]:
    count = {"id": "1", "enabled": True, "type": "count", "schema": "metric", "params": {"customLabel": COUNT_LABEL}}
    terms = {"id": "2", "enabled": True, "type": "terms", "schema": "segment" if panel.kind == "pie" else "bucket",
             "params": {"field": panel.field, "size": panel.size, "order": "desc", "orderBy": "1",
                        "otherBucket": False, "missingBucket": False, "customLabel": FIELD_LABELS[panel.field]}}  # fmt: skip
    if panel.kind != "histogram":
        return [count, terms]
    over_time = {"id": "3", "enabled": True, "type": "date_histogram", "schema": "segment",
                 "params": {"field": "@timestamp", "interval": "auto", "min_doc_count": 1, "extended_bounds": {},
                            "customLabel": FIELD_LABELS["@timestamp"]}}  # fmt: skip
    return [count, over_time, {**terms, "schema": "group"}]


def _params(panel: Panel) -> dict[str, Any]:
    if panel.kind == "table":
        return {"perPage": 10, "showPartialRows": False, "showMetricsAtAllLevels": False, "showTotal": False,
                "totalFunc": "sum", "percentageCol": ""}  # fmt: skip
    if panel.kind == "pie":
        return {"type": "pie", "addTooltip": True, "legendDisplay": "show", "legendPosition": "right", "isDonut": True,
                "distinctColors": True, "nestedLegend": False, "palette": {"type": "palette", "name": "default"},
                "labels": {"show": True, "values": True, "last_level": True, "truncate": 100, "valuesFormat": "percent"}}  # fmt: skip
    axis = {"show": True, "style": {}, "scale": {"type": "linear"}, "labels": {"show": True, "filter": True, "truncate": 100}}
    return {
        "type": "histogram", "addTooltip": True, "addLegend": True, "legendPosition": "right", "times": [],
        "addTimeMarker": False, "detailedTooltip": True, "isVislibVis": True, "fittingFunction": "zero",
        "grid": {"categoryLines": False}, "labels": {"show": False}, "radiusRatio": 0,
        "palette": {"type": "palette", "name": "default"},
        "thresholdLine": {"show": False, "value": 10, "width": 1, "style": "full", "color": "#E7664C"},
        "categoryAxes": [{**axis, "id": "CategoryAxis-1", "type": "category", "position": "bottom", "title": {}}],
        "valueAxes": [{**axis, "id": "ValueAxis-1", "name": "LeftAxis-1", "type": "value", "position": "left",
                       "scale": {"type": "linear", "mode": "normal"}, "title": {"text": COUNT_LABEL}}],
        "seriesParams": [{"show": True, "type": "histogram", "mode": "stacked", "valueAxis": "ValueAxis-1",
                          "data": {"label": COUNT_LABEL, "id": "1"}, "drawLinesBetweenPoints": True,
                          "lineWidth": 2, "showCircles": True}],
    }  # fmt: skip


def visualization(panel: Panel) -> SavedObject:
    state = {"title": panel.title, "type": panel.kind, "params": _params(panel), "aggs": _aggs(panel)}
    search = {"query": {"query": "", "language": "kuery"}, "filter": [], "indexRefName": INDEX_REF}
    return SavedObject("visualization", panel.id, {
        "title": panel.title, "description": "", "version": 1, "uiStateJSON": "{}", "visState": _text(state),
        "kibanaSavedObjectMeta": {"searchSourceJSON": _text(search)},
    }, [{"name": INDEX_REF, "type": "index-pattern", "id": DATA_VIEW_ID}])  # fmt: skip


def dashboard(panels: tuple[Panel, ...] = PANELS) -> SavedObject:
    """The dashboard of ``panels``, over the last 30 days."""
    laid_out = [{"version": "8.19.0", "type": "visualization", "panelIndex": str(n), "panelRefName": f"panel_{n}",
                 "gridData": {"x": p.grid[0], "y": p.grid[1], "w": p.grid[2], "h": p.grid[3], "i": str(n)},
                 "embeddableConfig": {}} for n, p in enumerate(panels)]  # fmt: skip
    return SavedObject("dashboard", DASHBOARD_ID, {
        "title": DASHBOARD_TITLE, "description": "Tin, bài langnghe thu thập: theo thời gian, lĩnh vực, sắc thái, "
        "tỉnh/thành và nguồn.", "version": 1, "timeRestore": True, "timeFrom": "now-30d", "timeTo": "now",
        "refreshInterval": {"pause": True, "value": 60000}, "panelsJSON": _text(laid_out),
        "optionsJSON": _text({"useMargins": True, "syncColors": False, "hidePanelTitles": False}),
        "kibanaSavedObjectMeta": {"searchSourceJSON": _text({"query": {"query": "", "language": "kuery"}, "filter": []})},
    }, [{"name": f"panel_{n}", "type": "visualization", "id": p.id} for n, p in enumerate(panels)])  # fmt: skip


def saved_objects(read_alias: str, value_names: dict[str, dict[str, str]]) -> list[SavedObject]:
    """The data view, the visualizations and the dashboard, in the order Kibana resolves them."""
    return [data_view(read_alias, value_names), *(visualization(p) for p in PANELS), dashboard()]


def to_ndjson(objects: list[SavedObject]) -> str:
    return "".join(obj.to_json() + "\n" for obj in objects)
