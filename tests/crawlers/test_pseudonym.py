"""Author pseudonyms: keyed, stable, short; the key file is created once, private, and reused."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from langnghe.errors import ConfigError
from langnghe.pseudonym import author_key, author_value, pseudonymise
from langnghe.settings import Settings


@pytest.fixture(autouse=True)
def _no_key_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LANGNGHE_AUTHOR_KEY", raising=False)
    monkeypatch.delenv("LANGNGHE_AUTHOR_KEY_FILE", raising=False)
    monkeypatch.delenv("LANGNGHE_KEEP_AUTHOR_HANDLES", raising=False)


def test_pseudonym_shape_and_stability() -> None:
    value = pseudonymise("Nguyễn Văn An", b"khoa-bi-mat")
    assert value is not None and re.fullmatch(r"u_[0-9a-f]{16}", value)
    assert pseudonymise("Nguyễn Văn An", b"khoa-bi-mat") == value
    assert pseudonymise("Nguyễn Văn An", b"khoa-khac") != value
    assert pseudonymise("Trần Thị Bình", b"khoa-bi-mat") != value


def test_pseudonym_normalises_unicode_case_and_spaces() -> None:
    composed = "Nguyễn"
    decomposed = "Nguye\u0302\u0303n"  # the same name typed with combining marks
    assert composed != decomposed
    assert pseudonymise(composed, b"k") == pseudonymise(f"  {decomposed.upper()} ", b"k")


@pytest.mark.parametrize("handle", [None, "", "   "])
def test_missing_handles_stay_missing(handle: str | None) -> None:
    assert pseudonymise(handle, b"k") is None


def test_key_from_setting(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", author_key=SecretStr(STRONG))
    assert author_key(settings).layers == (STRONG.encode(),)
    assert not (tmp_path / "data" / "author.key").exists() and not (tmp_path / "data.author.key").exists()


def test_key_file_created_private_and_reused(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    first = author_key(settings)
    path = tmp_path / "data.author.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first.layers) == 1 and len(first.layers[0]) == 32
    assert author_key(settings) == first
    script = "from langnghe.pseudonym import author_key; from langnghe.settings import Settings; import sys; " \
             "print(author_key(Settings(data_dir=sys.argv[1])).layers[0].hex())"
    other_process = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "data")], capture_output=True, text=True, check=True
    )
    assert bytes.fromhex(other_process.stdout.strip()) == first.layers[0]


def test_corrupt_key_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "data.author.key").write_text("không phải khóa")
    with pytest.raises(ConfigError, match="author.key"):
        author_key(Settings(data_dir=tmp_path / "data"))


def test_author_value_pseudonymises_unless_told_to_keep(tmp_path: Path) -> None:
    hidden = Settings(data_dir=tmp_path, author_key=SecretStr(STRONG))
    kept = Settings(data_dir=tmp_path, author_key=SecretStr("k"), keep_author_handles=True)
    assert author_value("meo_con_q8", hidden) == pseudonymise("meo_con_q8", STRONG.encode())
    assert author_value(" meo_con_q8 ", kept) == "meo_con_q8"
    assert author_value(None, kept) is None


def test_machines_of_one_deployment_share_the_key_file(tmp_path: Path) -> None:
    """Two data folders (two machines) pointed at one key file give a person one pseudonym."""
    first_machine = Settings(data_dir=tmp_path / "may-1")
    author_key(first_machine)  # the first machine's own key, made once
    shared = tmp_path / "may-1.author.key"
    machines = [Settings(data_dir=tmp_path / name, author_key_file=shared) for name in ("may-1", "may-2")]
    names = {author_value("Nguyễn Văn An", settings) for settings in machines}
    assert len(names) == 1
    assert not (tmp_path / "may-2.author.key").exists()
    alone = Settings(data_dir=tmp_path / "may-3")  # no shared key: a key of its own, another pseudonym
    assert author_value("Nguyễn Văn An", alone) not in names


def test_missing_shared_key_file_is_a_clear_error(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, author_key_file=tmp_path / "khong-co.key")
    with pytest.raises(ConfigError, match="LANGNGHE_AUTHOR_KEY_FILE: .*khong-co.key: no such file"):
        author_key(settings)
    assert not (tmp_path / "khong-co.key").exists() and not (tmp_path / "author.key").exists()


# -- issue 14 point 13: a strong key, kept out of the data folder --------------------------------

STRONG = "3f7a9c21e4b85d06f1a2c3e4d5b6a79880f1e2d3c4b5a69788f9e0d1c2b3a4f5"


@pytest.mark.parametrize("weak", ["k", "khoa-cua-toi", "a" * 64, "0123" * 16, "f" * 63 + "g", STRONG[:62]])
def test_a_weak_key_is_refused_with_how_to_make_one(weak: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as refused:
        author_key(Settings(data_dir=tmp_path, author_key=SecretStr(weak)))
    message = str(refused.value)
    assert message.startswith("LANGNGHE_AUTHOR_KEY: ") and "32 random bytes" in message
    assert "secrets.token_hex(32)" in message and "\n" not in message and (len(weak) < 4 or weak not in message)


def test_a_strong_key_from_the_setting_keeps_its_pseudonyms(tmp_path: Path) -> None:
    key = author_key(Settings(data_dir=tmp_path, author_key=SecretStr(STRONG)))
    assert key.pseudonym("Nguyễn Văn An") == pseudonymise("Nguyễn Văn An", STRONG.encode())


def test_the_key_made_for_one_machine_lives_beside_the_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "du-lieu"
    key = author_key(Settings(data_dir=data))
    beside = tmp_path / "du-lieu.author.key"
    assert beside.is_file() and stat.S_IMODE(beside.stat().st_mode) == 0o600
    assert not (data / "author.key").exists()  # a copy of the data folder never carries it
    assert len(bytes.fromhex(beside.read_text().strip())) == 32 and key.layers == (bytes.fromhex(beside.read_text()),)


def test_a_key_left_in_the_data_folder_moves_beside_it_unchanged(tmp_path: Path) -> None:
    data = tmp_path / "du-lieu"
    data.mkdir()
    (data / "author.key").write_text(STRONG + "\n", encoding="ascii")
    key = author_key(Settings(data_dir=data))
    assert key.pseudonym("Nguyễn Văn An") == pseudonymise("Nguyễn Văn An", bytes.fromhex(STRONG))
    assert not (data / "author.key").exists() and (tmp_path / "du-lieu.author.key").read_text().strip() == STRONG
