"""``python -m langnghe.exports > docs/export-columns.md``: regenerate the column page."""

from langnghe.exports.columns import columns_markdown

print(columns_markdown(), end="")
