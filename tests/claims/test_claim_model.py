"""The claim record and config/claims.yaml: validation, one-line errors naming file and key."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from langnghe.claims.model import Claim, load_claims
from langnghe.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]


def _write(folder: Path, text: str) -> Path:
    (folder / "claims.yaml").write_text(text, encoding="utf-8")
    return folder


def test_shipped_examples_load_and_are_marked() -> None:
    claims = load_claims(REPO / "config")
    assert len(claims) >= 10 and all(claim.example for claim in claims)


def test_absent_file_means_an_empty_base(tmp_path: Path) -> None:
    assert load_claims(tmp_path) == []


def test_dates_are_vietnam_time_stored_in_utc() -> None:
    claim = Claim(id="a", claim="Tin đồn ví dụ", published="2026-11-12")  # type: ignore[arg-type]
    assert claim.published == datetime(2026, 11, 11, 17, 0, tzinfo=timezone.utc)
    naive = Claim(id="b", claim="Tin đồn ví dụ", published="2026-11-12T09:30")  # type: ignore[arg-type]
    assert naive.published == datetime(2026, 11, 12, 2, 30, tzinfo=timezone.utc)
    assert Claim(id=42, claim="Tin đồn ví dụ").id == "42"  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "utc"), [
    ("12/11/2026", datetime(2026, 11, 11, 17, 0, tzinfo=timezone.utc)),
    ("12/11/2026 09:30", datetime(2026, 11, 12, 2, 30, tzinfo=timezone.utc)),
    ("2026-11-12T09:30:00+00:00", datetime(2026, 11, 12, 9, 30, tzinfo=timezone.utc)),
])
def test_dates_are_read_as_outputs_write_them(text: str, utc: datetime) -> None:
    assert Claim(id="a", claim="Tin đồn ví dụ", published=text).published == utc  # type: ignore[arg-type]


def test_bad_date_names_file_key_and_expectation(tmp_path: Path) -> None:
    _write(tmp_path, "claims:\n  - id: a\n    claim: Tin đồn ví dụ\n  - id: b\n    claim: Tin khác\n    published: hôm qua\n")
    with pytest.raises(ConfigError) as err:
        load_claims(tmp_path)
    message = str(err.value)
    assert message.startswith(f"{tmp_path / 'claims.yaml'}: claims[1].published: cần một ngày như 18/11/2026")
    assert "'hôm qua'" in message and "\n" not in message


def test_unknown_key_missing_key_and_duplicate_id(tmp_path: Path) -> None:
    _write(tmp_path, "claims:\n  - id: a\n    claim: Tin đồn ví dụ\n    verdit: sai\n")
    with pytest.raises(ConfigError, match=r"claims\[0\]\.verdit: khóa lạ"):
        load_claims(tmp_path)
    _write(tmp_path, "claims:\n  - id: a\n    verdict: sai\n")
    with pytest.raises(ConfigError, match=r"claims\[0\]\.claim: thiếu khóa bắt buộc"):
        load_claims(tmp_path)
    _write(tmp_path, "claims:\n  - {id: a, claim: Tin một}\n  - {id: a, claim: Tin hai}\n")
    with pytest.raises(ConfigError, match=r"mã nhận định 'a' bị trùng"):
        load_claims(tmp_path)
    _write(tmp_path, "claims:\n  - {id: a, claim: Tin một, url: ftp://x}\n")
    with pytest.raises(ConfigError, match=r"claims\[0\]\.url"):
        load_claims(tmp_path)


def test_true_verdicts_do_not_say_false() -> None:
    assert not Claim(id="a", claim="abc", verdict="Đúng sự thật").says_false
    assert not Claim(id="a", claim="abc", verdict="true").says_false
    assert Claim(id="a", claim="abc", verdict="gây hiểu lầm").says_false
    assert Claim(id="a", claim="abc", verdict="false").says_false
