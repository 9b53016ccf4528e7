"""``report -o report.pdf``: a PDF through LibreOffice where it is installed, else a one-line
Vietnamese refusal before anything is read or written; other suffixes are refused too."""

from __future__ import annotations

import os
import shutil
import stat
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from langnghe.cli import app
from langnghe.errors import LangngheError
from langnghe.reports.monthly import write_monthly_report
from langnghe.settings import Settings

AT = "02/12/2026 08:00"


def _report(tmp_path: Path, output: Path, data_dir: Path | None = None) -> tuple[int, str]:
    data = data_dir or tmp_path / "data"
    result = CliRunner().invoke(app, ["report", "--month", "2026-11", "--at", AT, "-o", str(output),
                                      "--data-dir", str(data), "--config-dir", str(tmp_path / "config")])  # fmt: skip
    return result.exit_code, result.output


def _path_without_soffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(folder))
    return folder


def test_a_pdf_without_libreoffice_is_refused_in_one_vietnamese_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _path_without_soffice(monkeypatch, tmp_path)
    with pytest.raises(LangngheError) as refused:
        write_monthly_report(Settings(data_dir=tmp_path / "data", config_dir=tmp_path / "config"), "2026-11",
                             tmp_path / "bao-cao.pdf", now=datetime(2026, 12, 2, tzinfo=timezone.utc))  # fmt: skip
    message = str(refused.value)
    assert message.startswith("-o: ") and "\n" not in message
    assert "LibreOffice" in message and ".docx" in message and "không" in message
    assert not list(tmp_path.glob("bao-cao*")) and not (tmp_path / "data").exists()
    code, output = _report(tmp_path, tmp_path / "bao-cao.pdf")
    assert code != 0 and "LibreOffice" in output and not (tmp_path / "bao-cao.pdf").exists()


@pytest.mark.parametrize("name", ["bao-cao.txt", "bao-cao", "bao-cao.doc"])
def test_a_suffix_other_than_docx_or_pdf_is_refused(tmp_path: Path, name: str) -> None:
    code, output = _report(tmp_path, tmp_path / name)
    assert code != 0 and ".docx" in output and ".pdf" in output and not (tmp_path / name).exists()
    assert not (tmp_path / "data").exists()


def _fake_soffice(folder: Path, body: str) -> None:
    """A stand-in for LibreOffice's command line: it checks the arguments langnghe gives and
    writes what ``--convert-to pdf --outdir DIR FILE.docx`` would (the real one: the next test)."""
    script = folder / "soffice"
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


def test_the_converter_is_called_headless_and_its_pdf_lands_at_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _path_without_soffice(monkeypatch, tmp_path)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}/usr/bin{os.pathsep}/bin")
    _fake_soffice(folder, """
[ "$2" = "--headless" ] && [ "$3" = "--convert-to" ] && [ "$4" = "pdf" ] && [ "$5" = "--outdir" ] || exit 9
case "$1" in -env:UserInstallation=file://*) ;; *) exit 8;; esac
name=$(basename "$7" .docx)
[ "$(head -c 2 "$7")" = "PK" ] || exit 7
printf '%%PDF-1.7 from %s\\n' "$name" > "$6/$name.pdf"
""")
    code, output = _report(tmp_path, tmp_path / "out" / "bao-cao.pdf")
    assert code == 0, output
    assert output.strip() == str(tmp_path / "out" / "bao-cao.pdf")
    assert (tmp_path / "out" / "bao-cao.pdf").read_bytes().startswith(b"%PDF")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["bao-cao.pdf"]  # no DOCX or temporary file left


def test_a_failing_converter_is_one_vietnamese_line_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _path_without_soffice(monkeypatch, tmp_path)
    _fake_soffice(folder, "echo 'Error: source file could not be loaded' >&2\nexit 1\n")
    with pytest.raises(LangngheError) as failed:
        write_monthly_report(Settings(data_dir=tmp_path / "data", config_dir=tmp_path / "config"), "2026-11",
                             tmp_path / "bao-cao.pdf", now=datetime(2026, 12, 2, tzinfo=timezone.utc))  # fmt: skip
    message = str(failed.value)
    assert message.startswith("-o: không chuyển được") and "\n" not in message and ".docx" in message
    assert not list(tmp_path.glob("bao-cao*"))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed here")
def test_libreoffice_writes_a_real_pdf(tmp_path: Path) -> None:
    code, output = _report(tmp_path, tmp_path / "bao-cao.pdf")
    assert code == 0, output
    assert (tmp_path / "bao-cao.pdf").read_bytes().startswith(b"%PDF")
