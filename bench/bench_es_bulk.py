"""Bulk indexing throughput: langnghe's indexer against plain ``elasticsearch.helpers.bulk``.

    LANGNGHE_TEST_ES_URL=http://127.0.0.1:9200 .venv/bin/python bench/bench_es_bulk.py --items 20000

Same node, same run, same documents (:func:`langnghe.index.es.to_document` of synthetic items
spread over three months), same templates; each side writes into its own prefix, runs alternate
(plain, langnghe, plain, langnghe...) and the median of ``--repeat`` runs is printed. langnghe's
side is :meth:`ElasticsearchIndex.write` in enrich-sized batches with ``refresh="false"``: retries,
per-document outcomes and the moved-item check included. Both end with one refresh and a count.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta

from elasticsearch import Elasticsearch, helpers

from langnghe.index.es import ElasticsearchIndex, Names, ensure_templates, to_document
from langnghe.index.es.setup import drop
from langnghe.item import Item
from langnghe.testing import DEFAULT_PUBLISHED, build_item

WORDS = (
    "ô_nhiễm không_khí bụi mịn giao_thông ùn_tắc mưa lớn ngập lụt giá xăng tăng giảm thị_trường "
    "học_sinh bệnh_viện người_dân chính_quyền dự_án cầu đường nông_dân lúa gạo du_lịch bão lũ"
).split()


def synthetic_items(count: int, seed: int = 7) -> list[Item]:
    rng = random.Random(seed)
    items = []
    for n in range(count):
        tokens = rng.choices(WORDS, k=60)
        items.append(build_item(
            id=f"bench-{n:08d}", title=" ".join(tokens[:10]).replace("_", " "), text=" ".join(tokens).replace("_", " "),
            tokens=tokens, sentiment=rng.choice(["negative", "neutral", "positive"]), provinces=["Hà Nội"],
            published_at=DEFAULT_PUBLISHED + timedelta(minutes=rng.randrange(90 * 24 * 60)),
        ))  # fmt: skip
    return items


def run_langnghe(client: Elasticsearch, prefix: str, items: list[Item], batch: int) -> int:
    index = ElasticsearchIndex(client, prefix=prefix, refresh="false")
    for start in range(0, len(items), batch):
        index.upsert(items[start : start + batch])
    index.refresh_now()
    return index.count()


def run_plain(client: Elasticsearch, prefix: str, items: list[Item], batch: int) -> int:
    names = Names(prefix)
    ensure_templates(client, names)
    actions = (
        {"_index": names.monthly_index(i.published_at or i.fetched_at), "_id": i.id, "_source": to_document(i)}
        for i in items
    )
    helpers.bulk(client, actions)  # its defaults: chunk_size=500, raise on error
    client.indices.refresh(index=names.read_alias)
    return int(client.count(index=names.read_alias)["count"])


def timed(run: Callable[[Elasticsearch, str, list[Item], int], int], client: Elasticsearch, prefix: str,
          items: list[Item], batch: int) -> float:  # fmt: skip
    drop(client, Names(prefix))
    started = time.perf_counter()
    written = run(client, prefix, items, batch)
    elapsed = time.perf_counter() - started
    if written != len(items):
        sys.exit(f"{prefix}: {written} documents indexed, expected {len(items)}")
    drop(client, Names(prefix))
    return len(items) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=2_000, help="items per upsert call (langnghe side)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("LANGNGHE_TEST_ES_URL")
    if not url:
        sys.exit("set LANGNGHE_TEST_ES_URL to the node's URL, e.g. http://127.0.0.1:9200")
    client = Elasticsearch(url, request_timeout=120)
    items = synthetic_items(args.items)
    rates: dict[str, list[float]] = {"plain": [], "langnghe": []}
    for _ in range(args.repeat):
        rates["plain"].append(timed(run_plain, client, "bench-plain", items, args.batch))
        rates["langnghe"].append(timed(run_langnghe, client, "bench-langnghe", items, args.batch))
    version = next(iter(client.nodes.info()["nodes"].values()))["version"]  # GET / is absent from the test zip
    print(f"Elasticsearch {version} at {url}; {args.items} items, median of {args.repeat} runs")
    plain, ours = statistics.median(rates["plain"]), statistics.median(rates["langnghe"])
    print(f"plain helpers.bulk:    {plain:10.0f} docs/s   (runs: {', '.join(f'{r:.0f}' for r in rates['plain'])})")
    print(f"langnghe BulkIndexer:  {ours:10.0f} docs/s   (runs: {', '.join(f'{r:.0f}' for r in rates['langnghe'])})")
    print(f"ratio langnghe/plain:  {ours / plain:10.2f}")
    client.close()


if __name__ == "__main__":
    main()
