"""``python -m langnghe.cli``: the same command as ``langnghe``."""

from langnghe.cli import main

main()
