from __future__ import annotations

import doctest
import re

import pytest

from langnghe.nlp import social
from langnghe.nlp.normalize import normalize
from langnghe.nlp.social import (
    EMAIL,
    MENTION,
    PHONE,
    PLACEHOLDERS,
    TEENCODE,
    URL,
    diacritic_ratio,
    lacks_diacritics,
    normalize_social,
    strip_diacritics,
)


def test_docstring_examples() -> None:
    result = doctest.testmod(social)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("xem https://baomoi.vn/tin-nong.html nhé", f"xem {URL} nhé"),
        ("xem tại http://vd.com/a?b=1.", f"xem tại {URL}."),  # sentence end stays outside
        ("(nguồn: www.tintuc.vn/bai-1)", f"(nguồn: {URL})"),
        ("mua ở shopee.vn/sp-123, rẻ lắm", f"mua ở {URL}, rẻ lắm"),
        ("vào trang abc.com.vn nhé", f"vào trang {URL} nhé"),
        ("hỏi @nguyen.van.a xem", f"hỏi {MENTION} xem"),
        ("cảm ơn @Tên_Ai nhiều", f"cảm ơn {MENTION} nhiều"),
        ("gửi về hoa.nguyen@gmail.com.", f"gửi về {EMAIL}."),
        ("gọi 0912 345 678 nhé", f"gọi {PHONE} nhé"),
        ("gọi +84 912345678 nhé", f"gọi {PHONE} nhé"),
        ("số 0912.345.678 hoặc 0912345678", f"số {PHONE} hoặc {PHONE}"),
        ("tổng đài (024) 3826 1234", "tổng đài (024) 3826 1234"),  # brackets: not matched, kept
        ("bàn 024 3826 1234", f"bàn {PHONE}"),
        ("#bảo_vệ_môi_trường ngay", "bảo vệ môi trường ngay"),
        ("yêu #HàNội", "yêu HàNội"),
    ],
)
def test_entities(given: str, expected: str) -> None:
    assert normalize_social(given) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ngày 05.06.2023 lúc 10 giờ",  # a date is not a phone number
        "giá 1.000.000 đồng, giảm 0,5%",
        "năm 2024 có 12 tháng",
        "TP.HCM và v.v.",
        "học C# và số #1",
        "tỷ số 2-1, lúc 10:30",
    ],
)
def test_numbers_dates_and_dots_are_not_entities(text: str) -> None:
    assert normalize_social(text) == text


def test_placeholders_are_single_syllables() -> None:
    text = normalize_social("xem https://vd.vn/a, hỏi @ai.do, gọi 0912345678, thư a@b.vn")
    assert PLACEHOLDERS <= set(re.findall(r"[^\W_]+", text))  # the syllable regex of features.py


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("đẹp quáaaa", "đẹp quá"),
        ("điiiii thôi", "đi thôi"),
        ("hayyyy lắm", "hay lắm"),
        ("đẹppppp", "đẹp"),
        ("huhuuu", "huhu"),
        ("nhéee", "nhé"),
        ("ơii", "ơi"),  # a final double in a word with diacritics
        ("QUÁAAAA", "QUÁ"),
        ("kkkkkkk", "kkk"),  # laughter keeps three letters, and is not "k" = không
        ("iuuuu", "yêu"),  # squashed, then expanded
    ],
)
def test_repeated_letters_are_squashed(given: str, expected: str) -> None:
    assert normalize_social(given) == expected


@pytest.mark.parametrize(
    "text", ["nồi xoong", "boong tàu", "quần soóc", "cứu hộ", "về hưu", "rượu", "III", "WWW", "XXXL", "hello"]
)
def test_real_double_letters_and_acronyms_stay(text: str) -> None:
    assert normalize_social(text) == text


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("ko biết", "không biết"),
        ("k thích", "không thích"),
        ("hok có", "không có"),
        ("khum ai", "không ai"),
        ("dc không", "được không"),
        ("đc chưa", "được chưa"),
        ("ăn j", "ăn gì"),
        ("đi vs ai", "đi với ai"),
        ("mn ơi", "mọi người ơi"),
        ("Mn ơi", "Mọi người ơi"),
        ("Ko biết", "Không biết"),
        ("xong r", "xong rồi"),
        ("mình cx thế", "mình cũng thế"),
        ("ko bít", "không biết"),
        ("thik lắm", "thích lắm"),
        ("iu bn", "yêu bạn"),
        ("sao z", "sao vậy"),
        ("thế v", "thế vậy"),
        ("đẹp wá", "đẹp quá"),
        ("đẹp wa", "đẹp quá"),
        ("hôm wa", "hôm qua"),
        ("(hôm wa)", "(hôm qua)"),
        ("đi wa cầu", "đi qua cầu"),
        ("bh mới về", "bây giờ mới về"),
        ("bây h mới về", "bây giờ mới về"),
        ("tks shop", "cảm ơn shop"),
        ("oke nha", "ok nha"),
        ("ko, k?", "không, không?"),  # punctuation around a token stays
        ("(dc)", "(được)"),
    ],
)
def test_teencode_is_expanded(given: str, expected: str) -> None:
    assert normalize_social(given) == expected


@pytest.mark.parametrize(
    "text",
    [
        "kho hàng",  # a real word
        "kokoro",  # whole tokens only
        "giá 50 k",  # "k" after a number is nghìn
        "điện 220 v",
        "gen z",
        "thế hệ z",
        "ăn bít tết",
        "ăn bít tết.",
        "(hôm qua)",
        "đau hông",  # "hông" is a real word: not in the table
        "5 kg gạo",
        "v.v.",
        "K biết",  # single capital: an initial
        "WHO và ASEAN",
        "ĐC",  # all-caps: an acronym
        "h",
    ],
)
def test_words_that_must_not_change(text: str) -> None:
    assert normalize_social(text) == text


def test_hour_after_a_number() -> None:
    assert normalize_social("8 h sáng") == "8 giờ sáng"


def test_no_expansion_is_itself_a_key() -> None:
    # Otherwise a second pass would expand again.
    for expansion in TEENCODE.values():
        assert not set(expansion.split()) & TEENCODE.keys()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("đẹp quá😍😍", "đẹp quá 😍 😍"),
        ("vui:)))", "vui :)))"),
        ("buồn:((", "buồn :(("),
        ("hihi:D", "hihi :D"),
        ("yêu<3", "yêu <3"),
        ("👍🏻👍", "👍🏻 👍"),  # the skin tone stays with its emoji
        ("🇻🇳🇻🇳", "🇻🇳 🇻🇳"),  # flags are pairs
        ("😂😂 ko", "😂 😂 không"),
        ("ok:v", "ok :v"),
    ],
)
def test_emoji_and_emoticons_become_tokens(given: str, expected: str) -> None:
    assert normalize_social(given) == expected


@pytest.mark.parametrize("text", ["lúc 10:30", "Lưu ý:Dân", "ví dụ:Phải", "-_- thôi", ":))) vui"])
def test_colons_in_text_are_not_emoticons(text: str) -> None:
    assert normalize_social(text) == text


IDEMPOTENCE_TEXTS = [
    "mn ơi ko bít j luôn, đẹp quáaaa😍😍 https://vd.vn/a",
    "giá 50 k thôi, bây h mới về, hôm wa đi wa cầu",
    "gọi 0912 345 678 hoặc @nguyen.van.a #bảo_vệ_rừng",
    "ĐẸPPPP QUÁAAAA kkkkk ơii :))) <3",
    "ik wa cầu, bh k, gen z, bít tết",
    "dòng một\n\ndòng ba ko",
    "",
]


@pytest.mark.parametrize("text", IDEMPOTENCE_TEXTS)
def test_idempotent(text: str) -> None:
    once = normalize_social(text)
    assert normalize_social(once) == once


def test_lines_are_kept() -> None:
    assert normalize_social("dòng một ko\n\ndòng ba") == "dòng một không\n\ndòng ba"


@pytest.mark.parametrize("text", ["Người dân rất bức xúc vì không ai giải quyết.", "", "ok"])
def test_text_without_candidates_is_returned_as_is(text: str) -> None:
    assert normalize_social(text) is text


def test_runs_after_normalize() -> None:
    assert normalize_social(normalize("  Hoà   bình  ko? ")) == "Hòa bình không?"


def test_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(social, "_CACHE_SIZE", 5)
    normalize_social(" ".join(f"từ{index}" for index in range(20)))
    assert len(social._TOKENS) <= 5
    assert normalize_social("ko bít") == "không biết"
    # A clear in the middle of a line keeps the context rules: "k" after a number stays.
    assert normalize_social("giá 50 k thôi mà bạn ơi k") == "giá 50 k thôi mà bạn ơi không"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Đường phố Hà Nội", "Duong pho Ha Noi"),
        ("người ươn ướt, tiếng Việt", "nguoi uon uot, tieng Viet"),
        ("ĐỒNG Ý", "DONG Y"),
        ("café 😍 中文", "cafe 😍 中文"),
        ("ascii only", "ascii only"),
    ],
)
def test_strip_diacritics(given: str, expected: str) -> None:
    assert strip_diacritics(given) == expected


def test_diacritic_ratio() -> None:
    assert diacritic_ratio("Người dân rất bức xúc") == 1.0
    assert diacritic_ratio("nguoi dan rat buc xuc") == 0.0
    assert diacritic_ratio("hôm nay trời đẹp") == 0.75
    assert diacritic_ratio("ba từ thôi") is None  # too short
    assert diacritic_ratio("xem xurl 2024 😍 ok") is None  # placeholders, digits, emoji are not syllables


UNACCENTED_VIETNAMESE = [
    "toi thay rat buc xuc vi khong ai giai quyet",
    "hom nay troi dep qua di choi thoi",
    "sao gia xang lai tang nua vay troi",
    "ko biet bao gio moi sua xong con duong nay",
    "ban oi cho minh hoi dia chi cua hang voi",
    "rac thai do ra song gay o nhiem nang",
    "cong an da bat giu doi tuong lua dao",
    "ok ban, ship cod ve ha noi nhe",
    "shop oi con hang khong a",
    "em cam on anh nhieu lam",
]
NOT_UNACCENTED_VIETNAMESE = [
    "Tôi thấy rất bức xúc vì không ai giải quyết",
    "Giá xăng lại tăng nữa rồi mọi người ơi",
    "the meeting is today",
    "I think we should go to the park today",
    "we can go to the top",
    "I love Viet Nam so much",
    "AI is the future of work",
    "Team mình meeting online với khách hàng",
    "ok ban",  # too short to tell
    "hello mn",
    "Hà Nội mưa to",
    "",
]


@pytest.mark.parametrize("text", UNACCENTED_VIETNAMESE)
def test_lacks_diacritics(text: str) -> None:
    assert lacks_diacritics(text)


@pytest.mark.parametrize("text", NOT_UNACCENTED_VIETNAMESE)
def test_does_not_lack_diacritics(text: str) -> None:
    assert not lacks_diacritics(text)


def test_stripped_vietnamese_lacks_diacritics() -> None:
    text = "Người dân ở khu phố này rất bức xúc vì tiếng ồn kéo dài nhiều tháng"
    assert not lacks_diacritics(text)
    assert lacks_diacritics(strip_diacritics(text))
