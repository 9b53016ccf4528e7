"""Reading products: the daily digest (HTML for mail, Markdown for chat, plain text) and the
monthly report draft (DOCX), with their charts.

- :mod:`langnghe.reports.overview`: counts of a period against the one before, mixes,
  samples and top stories, from any :class:`~langnghe.index.base.IndexBackend`;
- :mod:`langnghe.reports.digest` and :mod:`langnghe.reports.digest_render`: the digest
  of a local day as one :class:`~langnghe.delivery.message.Message`, and its files;
- :mod:`langnghe.reports.monthly`: the monthly public-opinion report draft;
- :mod:`langnghe.reports.charts`: PNG charts (matplotlib, Agg).
"""
