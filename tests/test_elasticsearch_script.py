"""scripts/elasticsearch.sh and scripts/with-elasticsearch.sh against real nodes."""

from __future__ import annotations

import os
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from langnghe.testing_es import SCRIPT, ScriptNode, delete_prefixed, unique_prefix

ES_VERSION = "8.19.21"
WITH_SCRIPT = SCRIPT.parent / "with-elasticsearch.sh"


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_cluster/health", timeout=5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def test_node_is_healthy_and_pinned(es_client: Elasticsearch) -> None:
    # GET / lives in a module the integ-test zip lacks, so the version comes from the node info.
    assert es_client.cluster.health()["status"] in {"green", "yellow"}
    nodes = es_client.nodes.info(node_id="_local")["nodes"]
    assert [node["version"] for node in nodes.values()] == [ES_VERSION]


def test_delete_prefixed_removes_indices_templates_and_aliases(es_client: Elasticsearch) -> None:
    prefix = unique_prefix("cleanup")
    es_client.cluster.put_component_template(name=f"{prefix}c", template={"settings": {}})
    es_client.indices.put_index_template(
        name=f"{prefix}t", index_patterns=[f"{prefix}*"], composed_of=[f"{prefix}c"]
    )
    es_client.indices.create(index=f"{prefix}a", aliases={f"{prefix}alias": {}})
    delete_prefixed(es_client, prefix)
    quiet = es_client.options(ignore_status=404)
    assert dict(es_client.indices.get(index=f"{prefix}*", expand_wildcards="all")) == {}
    assert not es_client.indices.exists_alias(name=f"{prefix}alias")
    assert quiet.indices.get_index_template(name=f"{prefix}*").meta.status == 404
    assert quiet.cluster.get_component_template(name=f"{prefix}*").meta.status == 404


def test_es_prefix_is_unique_and_a_legal_index_name(es_client: Elasticsearch, es_prefix: str) -> None:
    assert es_prefix != unique_prefix("x") and es_prefix == es_prefix.lower()
    es_client.indices.create(index=f"{es_prefix}probe")


def test_private_node_restarts_with_its_data(private_es_node: ScriptNode) -> None:
    url = private_es_node.start()
    assert private_es_node.running()
    script = [str(SCRIPT), "--state", str(private_es_node.state_dir)]
    status = subprocess.run([script[0], "status", *script[1:]], capture_output=True, text=True, check=False)
    assert (status.returncode, status.stdout.strip()) == (0, f"running {url}")
    printed = subprocess.run([script[0], "url", *script[1:]], capture_output=True, text=True, check=True)
    assert printed.stdout.strip() == url

    with Elasticsearch(url, request_timeout=30) as client:
        client.index(index="kept", id="1", document={"text": "ô nhiễm"}, refresh=True)
    private_es_node.stop()
    assert not private_es_node.running() and not _answers(url)
    stopped = subprocess.run([script[0], "status", *script[1:]], capture_output=True, text=True, check=False)
    assert (stopped.returncode, stopped.stdout.strip()) == (3, "stopped")

    assert private_es_node.start() == url  # same ports, so clients reconnect unchanged
    with Elasticsearch(url, request_timeout=30) as client:
        client.cluster.health(index="kept", wait_for_status="yellow", timeout="30s")
        assert client.get(index="kept", id="1")["_source"] == {"text": "ô nhiễm"}
    private_es_node.stop(wipe=True)
    assert not (private_es_node.state_dir / "data").exists()


def test_with_script_stops_the_node_and_keeps_the_exit_status(es_url: str, tmp_path: Path) -> None:
    seen = tmp_path / "url"
    env = {k: v for k, v in os.environ.items() if k not in {"LANGNGHE_TEST_ES_URL", "LANGNGHE_SKIP_ES"}}
    done = subprocess.run(
        [str(WITH_SCRIPT), "sh", "-c", f'echo "$LANGNGHE_TEST_ES_URL" > {seen}; exit 3'],
        env=env, capture_output=True, text=True, timeout=240, check=False,
    )
    assert done.returncode == 3, done.stderr
    url = seen.read_text().strip()
    assert url.startswith("http://127.0.0.1:") and url != es_url
    assert not _answers(url)


def test_skip_mode_runs_the_command_without_a_node_and_says_so() -> None:
    env = {**os.environ, "LANGNGHE_SKIP_ES": "1", "LANGNGHE_TEST_ES_URL": "http://127.0.0.1:9"}
    done = subprocess.run(
        [str(WITH_SCRIPT), "sh", "-c", 'test -z "${LANGNGHE_TEST_ES_URL:-}" && exit 5'],
        env=env, capture_output=True, text=True, timeout=30, check=False,
    )
    assert done.returncode == 5
    assert "ELASTICSEARCH TESTS ARE SKIPPED" in done.stderr


def test_missing_java_and_maven_fail_with_install_advice(tmp_path: Path) -> None:
    # A PATH holding only what the script needs before it checks for java and mvn.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("id", "realpath", "mkdir", "dirname", "sed", "cat", "readlink", "python3"):
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path), "LANGNGHE_CACHE": str(tmp_path / "cache")}
    done = subprocess.run(
        [shutil.which("bash") or "/bin/bash", str(SCRIPT), "start", "--state", str(tmp_path / "s")],
        env=env, capture_output=True, text=True, timeout=30, check=False,
    )
    assert done.returncode != 0
    assert "missing java" in done.stderr and "mvn" in done.stderr
    assert "apt-get install openjdk-17-jre-headless maven" in done.stderr
