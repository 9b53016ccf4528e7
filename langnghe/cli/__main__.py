"""``python -m langnghe.cli``: the same command as ``langnghe``."""

from langnghe.cli import main

if __name__ == "__main__":  # not again in a worker process started by spawn (ingest's NLP pool)
    main()
