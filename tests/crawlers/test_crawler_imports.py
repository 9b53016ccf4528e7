"""The crawler stays light: the parent side loads no scrapy, and no part loads the NLP or the index."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
import langnghe.crawlers
assert not any(m == "scrapy" or m.startswith(("scrapy.", "twisted")) for m in sys.modules), "parent loaded scrapy"
import langnghe.crawlers.spider, langnghe.crawlers.child, langnghe.crawlers.item_pipeline
bad = sorted(m for m in sys.modules if m.startswith(("langnghe.nlp", "langnghe.index", "torch", "underthesea")))
assert not bad, bad
"""


def test_crawler_imports() -> None:
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
