"""The report as PDF: the DOCX converted by LibreOffice (``soffice --headless --convert-to pdf``)
where it is installed. Without it a ``.pdf`` output is refused before anything is read, in one
Vietnamese line that says what to do; so is any output that is neither ``.docx`` nor ``.pdf``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from langnghe.errors import InputError, LangngheError

FORMATS = (".docx", ".pdf")
CONVERTERS = ("soffice", "libreoffice")
TIMEOUT_S = 180.0


def converter() -> str | None:
    """The LibreOffice command on ``PATH``, if any."""
    return next((found for name in CONVERTERS if (found := shutil.which(name))), None)


def check_output(path: Path) -> None:
    """Refuse an output the report cannot be written as (before any store is opened)."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"-o: báo cáo chỉ ghi được dạng .docx hoặc .pdf, không ghi được {path.name!r}")
    if suffix == ".pdf" and converter() is None:
        raise InputError("-o: không ghi được PDF vì máy này chưa cài LibreOffice (lệnh soffice); hãy cài "
                         "LibreOffice hoặc ghi báo cáo ra tệp .docx")  # fmt: skip


def to_pdf(docx: Path, pdf: Path) -> Path:
    """Convert ``docx`` to ``pdf`` (replaced atomically) with LibreOffice; returns ``pdf``.

    LibreOffice runs with a profile of its own in a temporary folder, so a LibreOffice the user
    has open (or a home folder it cannot write) does not stop it."""
    command = converter()
    if command is None:
        check_output(pdf)  # raises: the converter went away since the check
    with tempfile.TemporaryDirectory(prefix="langnghe-pdf-") as work:
        folder = Path(work)
        args = [str(command), f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                "--convert-to", "pdf", "--outdir", str(folder), str(docx)]  # fmt: skip
        _run(args)
        made = folder / f"{docx.stem}.pdf"
        if not made.is_file():
            raise _failed("LibreOffice không tạo ra tệp PDF")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        tmp = pdf.with_name(pdf.name + ".tmp")
        shutil.move(str(made), tmp)
        tmp.replace(pdf)
    return pdf


def _run(args: list[str]) -> None:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise _failed(f"LibreOffice chạy quá {TIMEOUT_S:.0f} giây") from None
    except OSError as exc:
        raise _failed(f"không chạy được {args[0]}: {exc.strerror}") from None
    if done.returncode != 0:
        said = " ".join((done.stderr or done.stdout).split())[:200]
        raise _failed(f"LibreOffice trả mã lỗi {done.returncode}" + (f": {said}" if said else ""))


def _failed(reason: str) -> LangngheError:
    return LangngheError(f"-o: không chuyển được báo cáo sang PDF ({reason}); hãy ghi báo cáo ra tệp .docx")
