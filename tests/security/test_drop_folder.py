"""A collaborator drop folder is a door into the machine (issue 14, point 6): whoever can write
into it must not make langnghe read what lies outside it, and no message may repeat what a file
holds. Real crawls in the child process over a folder written here: symbolic links to a 0600 key
file and to a passwd-like file, a linked folder, an over-sized file, a CSV whose header is a secret.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import SecretStr

from langnghe.config import SourceConfig
from langnghe.crawlers import CrawlReport, run_crawl
from langnghe.crawlers.events import SourceReport
from langnghe.crawlers.testing import queued_items
from langnghe.settings import Settings
from langnghe.testing import TEST_AUTHOR_KEY

SOURCE = "ctv-bi-tan-cong"
SECRET = "9f2c1e7a5b3d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f9012345678abcd"
PASSWD = "root:x:0:0:root:/root:/bin/bash"
GOOD = {"id": "BC-1", "text": "Nước sông Bé đục bất thường sau mưa."}


@dataclass
class Attack:
    report: CrawlReport
    source: SourceReport
    log_text: str
    queued_text: str


def _plant(root: Path) -> Path:
    """The drop folder, with what an attacker who can write into it would put there."""
    outside = root / "outside"
    outside.mkdir()
    key = outside / "author.key"
    key.write_text(SECRET + "\n", encoding="ascii")
    key.chmod(0o600)
    passwd = outside / "passwd"
    passwd.write_text(PASSWD + "\n", encoding="utf-8")
    (outside / "x.csv").write_text(f"id,text\nX-1,{PASSWD}\n", encoding="utf-8")
    folder = root / "drop"
    folder.mkdir()
    (folder / "tot.jsonl").write_text(json.dumps(GOOD, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "key.csv").symlink_to(key)
    (folder / "passwd.csv").symlink_to(passwd)
    (folder / "ngoai").symlink_to(outside, target_is_directory=True)
    (outside / "bi-mat.jsonl").write_text(json.dumps({"id": "S", "text": PASSWD}) + "\n", encoding="utf-8")
    (folder / "lien-ket-cung.jsonl").hardlink_to(outside / "bi-mat.jsonl")
    (folder / "lon.jsonl").write_text(json.dumps({"id": "L", "text": "x" * 4096}) + "\n", encoding="utf-8")
    (folder / "tieu-de.csv").write_text(f"{SECRET},khac\n1,2\n", encoding="utf-8")  # a header with no id/text
    return folder


@pytest.fixture(scope="module")
def attack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Attack]:
    root = tmp_path_factory.mktemp("drop-attack")
    folder = _plant(root)
    settings = Settings(data_dir=root / "data", download_delay=0.01, author_key=SecretStr(TEST_AUTHOR_KEY))
    options = {"patterns": ["*.csv", "*.jsonl", "*/*.csv"], "max_file_kib": 2}
    report = run_crawl([SourceConfig(id=SOURCE, kind="collaborator", url=str(folder), options=options)], settings)
    log_text = Path(report.log_path or "").read_text(encoding="utf-8", errors="replace")
    queued_text = "\n".join(item.to_json() for item in queued_items(settings).values())
    yield Attack(report, report.sources[SOURCE], log_text, queued_text)


def test_the_good_file_is_still_read(attack: Attack) -> None:
    assert attack.source.errors == [] and attack.source.items == 1
    assert GOOD["text"] in attack.queued_text


def test_symbolic_links_are_refused_by_name(attack: Attack) -> None:
    warnings = sorted(attack.source.warnings)
    assert "key.csv: liên kết tượng trưng (symlink): không đọc (hãy thả tệp thật vào thư mục)" in warnings
    assert "passwd.csv: liên kết tượng trưng (symlink): không đọc (hãy thả tệp thật vào thư mục)" in warnings


def test_files_reached_through_a_linked_folder_are_refused(attack: Attack) -> None:
    assert "x.csv: nằm ngoài thư mục nhận tệp (qua liên kết tượng trưng): không đọc" in attack.source.warnings
    assert "X-1" not in attack.queued_text


def test_a_hard_link_is_refused(attack: Attack) -> None:
    assert "lien-ket-cung.jsonl: tệp có nhiều tên (liên kết cứng): không đọc (hãy thả một bản sao)" in attack.source.warnings


def test_an_over_sized_file_is_refused_with_the_cap(attack: Attack) -> None:
    assert "lon.jsonl: lớn hơn giới hạn 2 KiB (options.max_file_kib): không đọc" in attack.source.warnings


def test_a_bad_header_names_no_cell(attack: Attack) -> None:
    assert "tieu-de.csv: hàng 1 (tiêu đề): không có cột id hoặc text (2 cột)" in attack.source.warnings


def test_nothing_outside_the_folder_is_repeated_anywhere(attack: Attack) -> None:
    said = "\n".join([*attack.source.warnings, *attack.source.errors, attack.log_text, attack.queued_text])
    assert SECRET not in said and SECRET[:16] not in said
    assert "root:x:0" not in said and "/bin/bash" not in said
