"""``langnghe rekey``: rotate the author key and rewrite the stored pseudonyms (docs/privacy.md)."""

from __future__ import annotations

from langnghe.cli import ConfigDir, DataDir, _settings, bars, console, out


def rekey(data_dir: DataDir = None, config_dir: ConfigDir = None) -> None:
    """Add a new layer to the author key and rewrite every stored pseudonym (queue, index, stories)
    through it, so each author keeps one pseudonym. Stop `langnghe run` and the workers first;
    a run cut short is finished by running it again."""
    from langnghe.jobs.rekey import rekey as run_rekey

    settings = _settings(data_dir, config_dir)
    report = run_rekey(settings, progress=bars)
    out.print(report.line(), soft_wrap=True, highlight=False, markup=False)
    if report.from_setting:
        console.print(
            f"Khóa cũ đến từ LANGNGHE_AUTHOR_KEY: hãy bỏ biến đó và đặt LANGNGHE_AUTHOR_KEY_FILE={report.key_file}",
            soft_wrap=True, highlight=False, markup=False, style="yellow",
        )  # fmt: skip
