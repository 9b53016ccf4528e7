"""Kibana's saved objects (deploy/kibana/langnghe.ndjson) and their import script, checked without
Kibana (none runs here): each line a saved object whose references resolve inside the file, a data
view over the read alias the Elasticsearch templates give, aggregations only on fields the
production mapping makes aggregatable, values shown by their Vietnamese names; and
scripts/kibana-import.sh against a stand-in for Kibana's saved objects API."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from langnghe.config import load_config
from langnghe.index.es.kibana import DASHBOARD_ID, DATA_VIEW_ID, PANELS
from langnghe.index.es.setup import Names
from langnghe.labels import SECTION_VI, SENTIMENT_VI
from scripts.kibana_objects import render

from .strict import load_json, load_ndjson, load_yaml

REPO = Path(__file__).resolve().parents[2]
NDJSON = REPO / "deploy" / "kibana" / "langnghe.ndjson"
MAPPINGS = REPO / "langnghe" / "index" / "es" / "templates" / "items-mappings.json"
SCRIPT = REPO / "scripts" / "kibana-import.sh"
AGGREGATABLE = {"keyword", "date", "long", "boolean"}


@pytest.fixture(scope="module")
def objects() -> dict[tuple[str, str], dict[str, Any]]:
    return {(obj["type"], obj["id"]): obj for obj in load_ndjson(NDJSON)}


def _mapping() -> dict[str, str]:
    properties = load_json(MAPPINGS.read_text(encoding="utf-8"))["template"]["mappings"]["properties"]
    return {name: spec.get("type", "object") for name, spec in properties.items()}


def test_every_line_is_a_saved_object_whose_references_resolve_in_the_file(objects: dict[tuple[str, str], dict[str, Any]]) -> None:
    assert len(objects) == len(load_ndjson(NDJSON))  # no (type, id) twice
    for obj in objects.values():
        assert {"type", "id", "attributes", "references"} <= set(obj) and obj["attributes"].get("title")
        for ref in obj["references"]:
            assert (ref["type"], ref["id"]) in objects, ref
        for key in ("visState", "panelsJSON", "optionsJSON", "uiStateJSON", "fieldAttrs", "fieldFormatMap"):
            if key in obj["attributes"]:
                load_json(obj["attributes"][key])  # JSON inside a string, strictly too
        search = obj["attributes"].get("kibanaSavedObjectMeta", {}).get("searchSourceJSON")
        if search and "indexRefName" in load_json(search):
            assert load_json(search)["indexRefName"] in {ref["name"] for ref in obj["references"]}


def test_the_data_view_is_the_read_alias_with_the_mapped_time_field(objects: dict[tuple[str, str], dict[str, Any]]) -> None:
    view = objects[("index-pattern", DATA_VIEW_ID)]["attributes"]
    assert view["title"] == Names("langnghe").read_alias == "langnghe-items"
    assert _mapping()[view["timeFieldName"]] == "date"


def test_the_dashboard_shows_every_visualization_on_fields_elasticsearch_can_count(objects: dict[tuple[str, str], dict[str, Any]]) -> None:
    board = objects[("dashboard", DASHBOARD_ID)]
    panels = load_json(board["attributes"]["panelsJSON"])
    refs = {ref["name"]: ref["id"] for ref in board["references"]}
    shown = {refs[panel["panelRefName"]] for panel in panels}
    visualizations = {key[1] for key in objects if key[0] == "visualization"}
    assert shown == visualizations == {panel.id for panel in PANELS}
    mapping = _mapping()
    fields = set()
    for vis_id in visualizations:
        state = load_json(objects[("visualization", vis_id)]["attributes"]["visState"])
        fields |= {agg["params"]["field"] for agg in state["aggs"] if "field" in agg["params"]}
    assert fields == {"@timestamp", "platform", "section", "sentiment", "province", "source"}
    assert all(mapping[name] in AGGREGATABLE for name in fields)
    boxes = [(p["gridData"]["x"], p["gridData"]["y"], p["gridData"]["w"], p["gridData"]["h"]) for p in panels]
    assert all(x + w <= 48 for x, _, w, _ in boxes) and not _overlap(boxes)


def _overlap(boxes: list[tuple[int, int, int, int]]) -> bool:
    cells = [(x + i, y + j) for x, y, w, h in boxes for i in range(w) for j in range(h)]
    return len(cells) != len(set(cells))


def test_values_are_shown_by_their_vietnamese_names(objects: dict[tuple[str, str], dict[str, Any]]) -> None:
    view = objects[("index-pattern", DATA_VIEW_ID)]["attributes"]
    formats = load_json(view["fieldFormatMap"])
    named = {field: {e["key"]: e["value"] for e in spec["params"]["lookupEntries"]} for field, spec in formats.items()}
    assert named["section"] == SECTION_VI and named["sentiment"] == SENTIMENT_VI
    sources = {source.id: source.name or source.id for source in load_config(REPO / "config").sources}
    assert named["source"] == sources and len(sources) >= 40
    assert load_json(view["fieldAttrs"])["province"] == {"customLabel": "Tỉnh/thành"}


def test_the_shipped_file_is_what_the_script_writes_from_the_shipped_config() -> None:
    assert NDJSON.read_text(encoding="utf-8") == render(REPO / "config", "langnghe"), (
        "rerun: python -m scripts.kibana_objects")


def test_compose_imports_the_file_once_kibana_is_up() -> None:
    compose = load_yaml((REPO / "deploy" / "docker-compose.yml").read_text(encoding="utf-8"))
    service = compose["services"]["kibana-objects"]
    assert service["depends_on"]["kibana"]["condition"] == "service_started"
    mounts = {volume.split(":")[0]: volume.split(":")[1] for volume in service["volumes"]}
    assert mounts["./kibana/langnghe.ndjson"] in service["command"] and mounts["../scripts/kibana-import.sh"] in service["command"]
    assert service["environment"]["KIBANA_URL"] == "http://kibana:5601"
    assert service["environment"]["KIBANA_IMPORT_PASSWORD"].startswith("${ELASTIC_PASSWORD:?")


class _FakeKibana(BaseHTTPRequestHandler):
    """Kibana's status and import endpoints, as far as the script uses them."""

    imports: list[dict[str, Any]] = []
    refuse = False
    starting = 0  # status calls answered 503 before Kibana is available
    asked = 0

    def do_GET(self) -> None:  # noqa: N802
        type(self).asked += 1
        if self.path == "/api/status" and self.asked <= self.starting:
            self._answer(503, {"status": {"overall": {"level": "unavailable"}}})
        else:
            self._answer(200 if self.path == "/api/status" else 404, {"status": {"overall": {"level": "available"}}})

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.imports.append({"path": self.path, "xsrf": self.headers.get("kbn-xsrf"), "body": body,
                             "auth": base64.b64decode(self.headers["Authorization"].split()[1]).decode()})  # fmt: skip
        lines = [line for line in body.splitlines() if line.startswith(b'{"')]
        if self.refuse:
            self._answer(200, {"success": False, "successCount": 0, "errors": [{"id": DASHBOARD_ID, "error": {"type": "missing_references"}}]})
        else:
            self._answer(200, {"success": True, "successCount": len(lines)})

    def _answer(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, separators=(",", ":")).encode()  # compact, as Kibana answers
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture()
def kibana() -> Iterator[str]:
    _FakeKibana.imports, _FakeKibana.refuse, _FakeKibana.starting, _FakeKibana.asked = [], False, 0, 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeKibana)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _run_script(url: str, wait_s: int = 10) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KIBANA_URL": url, "KIBANA_IMPORT_PASSWORD": "s3cret", "KIBANA_WAIT_S": str(wait_s),
           "KIBANA_POLL_S": "0.2"}
    return subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60, check=False)


def test_the_import_script_posts_the_file_with_overwrite(kibana: str) -> None:
    done = _run_script(kibana)
    assert done.returncode == 0, done.stderr
    [sent] = _FakeKibana.imports
    assert sent["path"] == "/api/saved_objects/_import?overwrite=true"
    assert sent["xsrf"] and sent["auth"] == "elastic:s3cret"
    assert NDJSON.read_bytes() in sent["body"] and b'name="file"' in sent["body"]
    assert f"imported {len(load_ndjson(NDJSON))} saved objects" in done.stdout


def test_the_import_script_fails_loudly_when_kibana_refuses(kibana: str) -> None:
    _FakeKibana.refuse = True
    done = _run_script(kibana)
    assert done.returncode == 1 and "missing_references" in done.stderr


def test_the_import_script_waits_for_kibana_to_start(kibana: str) -> None:
    _FakeKibana.starting = 3
    done = _run_script(kibana)
    assert done.returncode == 0, done.stderr
    assert _FakeKibana.asked == 4 and len(_FakeKibana.imports) == 1


def test_the_import_script_gives_up_when_kibana_never_comes(kibana: str) -> None:
    _FakeKibana.starting = 10_000
    done = _run_script(kibana, wait_s=1)
    assert done.returncode == 1 and "did not answer within 1s" in done.stderr and not _FakeKibana.imports

