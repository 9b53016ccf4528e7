"""The CLI's one error boundary (``langnghe/cli/boundary.py``, issue 14 point 7): a backend down, a full
disk, a denied permission and a bad argument give one Vietnamese line naming what failed and exit 2,
never a traceback; ``status`` shows what it can and marks what it cannot reach.

Real parts: the commands run as a user runs them (a subprocess), against an Elasticsearch URL on a
loopback port nobody listens on, a tiny tmpfs for a full disk, and ``setpriv`` dropping root's
permission override for a denied permission.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from langnghe.cli import app
from langnghe.testing import build_item


def _closed_port() -> int:
    """A loopback port with nobody listening (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(args: list[str], env: dict[str, str] | None = None, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "langnghe.cli", *args], capture_output=True, text=True, timeout=300,
        check=False, env={**os.environ, **(env or {})},
    )  # fmt: skip


def _es_down() -> tuple[str, dict[str, str]]:
    url = f"http://127.0.0.1:{_closed_port()}"
    return url, {"LANGNGHE_INDEX_BACKEND": "elasticsearch", "LANGNGHE_ES_URL": url}


def _one_line(stderr: str) -> str:
    """The only line on stderr (progress bars aside): no traceback, no log noise."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip() and "━" not in line]
    assert len(lines) == 1, stderr
    return lines[0]


def _items_file(path: Path, count: int) -> Path:
    path.write_text("".join(build_item(text="Nội dung dài " * 200 + str(n)).to_json() + "\n" for n in range(count)),
                    encoding="utf-8")  # fmt: skip
    return path


@pytest.mark.parametrize("command", [["enrich"], ["summary"], ["search", "ngập"]])
def test_elasticsearch_down_is_one_vietnamese_line_and_exit_2(command: list[str], tmp_path: Path) -> None:
    url, env = _es_down()
    result = _run([*command, "--data-dir", str(tmp_path / "data")], env)
    assert result.returncode == 2, result.stderr
    assert _one_line(result.stderr) == f"lỗi: Elasticsearch: không kết nối được ({url})"


def test_status_with_elasticsearch_down_shows_the_rest_and_marks_the_index(tmp_path: Path) -> None:
    url, env = _es_down()
    result = _run(["status", "--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path)], env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert "Hàng đợi: 0 chờ xử lý, 0 đang xử lý, 0 đã xong, 0 bị cách ly" in result.stdout
    assert f"chỉ mục: Elasticsearch: không kết nối được ({url})" in result.stdout
    assert "Bộ lập lịch chưa chạy" in result.stdout and "Hộp thư đi: 0 chờ gửi" in result.stdout


def test_the_boundary_holds_when_the_app_is_invoked_directly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url, env = _es_down()
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(app, ["summary", "--data-dir", str(tmp_path / "data")])
    assert result.exit_code == 2
    assert f"lỗi: Elasticsearch: không kết nối được ({url})" in result.output


def test_a_bad_end_date_for_demo_is_one_line(tmp_path: Path) -> None:
    result = _run(["demo", "--end-date", "notadate", "--data-dir", str(tmp_path / "data")])
    assert result.returncode == 2
    line = _one_line(result.stderr)
    assert "--end-date" in line and "'notadate'" in line


@contextmanager
def _tiny_disk(where: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` at ``where``, unmounted afterwards, even on failure."""
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here to fill a disk: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_in_ingest_names_the_data_folder(tmp_path: Path) -> None:
    items = _items_file(tmp_path / "items.jsonl", 300)
    with _tiny_disk(tmp_path / "disk", "256k") as disk:
        data = disk / "data"
        result = _run(["ingest", str(items), "--data-dir", str(data)])
    assert result.returncode == 2, result.stderr
    assert _one_line(result.stderr) == f"lỗi: hết chỗ trên đĩa khi ghi vào {data}"


def _without_root_override() -> tuple[str, ...]:
    """Run as root but without the capabilities that ignore file modes (tests run as root)."""
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is needed to drop root's permission override")
    caps = "-dac_override,-dac_read_search"
    return ("setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}")


def test_an_unreadable_input_file_is_one_line(tmp_path: Path) -> None:
    items = _items_file(tmp_path / "items.jsonl", 1)
    items.chmod(0)
    result = _run(["ingest", str(items), "--data-dir", str(tmp_path / "data")], prefix=_without_root_override())
    assert result.returncode == 2, result.stderr
    line = _one_line(result.stderr)
    assert line.startswith("lỗi: tham số không hợp lệ (") and f"{items}' is not readable" in line


def test_a_read_only_data_folder_is_one_line(tmp_path: Path) -> None:
    items = _items_file(tmp_path / "items.jsonl", 1)
    data = tmp_path / "data"
    data.mkdir(mode=0o500)
    result = _run(["ingest", str(items), "--data-dir", str(data)], prefix=_without_root_override())
    assert result.returncode == 2, result.stderr
    assert _one_line(result.stderr).startswith(f"lỗi: không ghi được vào {data}")


def test_a_denied_output_folder_is_one_line(tmp_path: Path) -> None:
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o500)
    result = _run(["export", "-o", str(closed / "tin.csv"), "--data-dir", str(tmp_path / "data")],
                  prefix=_without_root_override())  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert _one_line(result.stderr).startswith(f"lỗi: không có quyền truy cập {closed}/")
