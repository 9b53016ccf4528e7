"""False information: a claim base of debunked claims, matched against every item.

- :mod:`~langnghe.claims.model`: the :class:`Claim` record and ``config/claims.yaml``;
  :mod:`~langnghe.claims.importer`: ``langnghe claims import FILE.jsonl``.
- :mod:`~langnghe.claims.rerank`: the matcher of the enrich stage: retrieval by
  :mod:`~langnghe.claims.matcher` (idf-weighted coverage of folded syllable n-grams, one
  sparse product per batch, MinHash near-duplicates: :mod:`~langnghe.claims.neardup`) on the
  canonical text of :mod:`~langnghe.claims.parts` (amounts, dates, predicate synonyms), then
  a logistic regression over the claim's parts; :mod:`~langnghe.claims.stance`: spreads or refutes.
- :mod:`~langnghe.claims.flag`: ``item.false_info`` from matches and the ``misinfo``
  signal, explained in Vietnamese; :func:`story_false_info` for stories.
- :mod:`~langnghe.claims.store`: ``data_dir/claims.sqlite3``, matches over time;
  :mod:`~langnghe.claims.spread`: how each claim spread (``langnghe claims``).
- :mod:`~langnghe.claims.stage`: the step of the enrich stage that does all this.

Docs: README.md, "False information". Measured by ``bench/bench_claims.py``.
Nothing heavy is imported here: import the submodules you need.
"""

from langnghe.claims.model import Claim, load_claims

__all__ = ["Claim", "load_claims"]
