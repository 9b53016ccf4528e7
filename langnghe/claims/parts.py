"""A claim's parts, read the same way from claims and posts: numbers, dates, predicates.

A retold rumour keeps its parts and changes its words: "500.000 đồng" becomes "500k" or
"nửa triệu", "1/7/2026" becomes "tháng 7", "vô hiệu" becomes "hết hiệu lực", "CCCD"
stands for "căn cước công dân". The re-ranker (:mod:`langnghe.claims.rerank`) compares
these parts of a claim with those of a post, so this module reads them:

- :func:`canonical` is the folded text (:func:`langnghe.claims.text.fold`) with common
  abbreviations spelled out (:data:`ABBREVIATIONS`) and the wording of a predicate
  replaced by the key of its synonym group (:data:`PREDICATES`: "het hieu luc",
  "khong con gia tri" -> ``xvohieu``). Keys start with ``x`` followed by no vowel
  pattern of Vietnamese, like the placeholders of :mod:`langnghe.nlp.social`, so
  they stay single tokens and cannot collide with a syllable;
- :func:`numbers` reads amounts, percentages and counts into comparable values
  ("500k", "500.000 đồng", "nửa triệu" -> ``500000``; "20 phần trăm" -> ``20%``);
- :func:`dates` reads day/month dates and months ("1/7", "ngày 1 tháng 7", "1/7/2026"
  -> ``(1, 7)``; "tháng 7" -> month 7).

All of it is rules on folded text, so a post typed without diacritics reads the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from langnghe.claims.text import fold

# Abbreviations as people type them -> the words (read before folding: "cccd" would lose
# its repeated letter there). Whole words only, any case.
ABBREVIATIONS: dict[str, str] = {
    "cccd": "căn cước công dân", "cmnd": "chứng minh nhân dân", 
    "bhyt": "bảo hiểm y tế", "bhxh": "bảo hiểm xã hội", "gplx": "giấy phép lái xe",
    "stk": "số tài khoản", "ubnd": "ủy ban nhân dân", "byt": "bộ y tế",
    "tphcm": "thành phố hồ chí minh", "tp.hcm": "thành phố hồ chí minh", "hcm": "hồ chí minh",
    "sg": "sài gòn", "hn": "hà nội", "tp": "thành phố", "vn": "việt nam", "hs": "học sinh",
    "gv": "giáo viên", "bv": "bệnh viện", "csgt": "cảnh sát giao thông",
    "vnd": "đồng", "vnđ": "đồng", "tncn": "thu nhập cá nhân", "sgk": "sách giáo khoa",
    "đh": "đại học", "thpt": "trung học phổ thông", "evn": "điện lực", "atm": "thẻ atm",
}  # fmt: skip

# Synonym groups of predicates and consequences (folded wordings; longest first wins).
# Bare ambiguous syllables are left out: folded "phat" is also "phát", "cam" is "cảm",
# "tang" is "tầng"/"tặng", "dung" is "dùng"/"đúng"; they count only inside a phrase ("định phạt"
# is left out too: it would eat "quy định phạt", the wording of a correction).
PREDICATES: dict[str, tuple[str, ...]] = {
    "xvohieu": ("vo hieu hoa", "vo hieu", "het hieu luc", "mat hieu luc", "khong con hieu luc", "het gia tri",
                "khong con gia tri", "mat gia tri", "het han su dung", "het han", "khong duoc su dung nua",
                "khong dung duoc nua", "khong con dung duoc", "khong dung duoc", "bi huy", "giay lon", "thanh giay vun", "vo gia tri", "bi khai tu", "khai tu"),
    "xphat": ("bi xu phat", "xu phat", "bi phat", "phat tien", "nop phat", "muc phat", "phat nang", "phat hanh chinh",
              "an phat", "phat toi", "phat len den", "phat den"),
    "xcam": ("nghiem cam", "cam tuyet doi", "bi cam", "lenh cam", "khong duoc phep", "khong cho phep", "cam ban",
             "cam luu hanh", "cam nhap khau", "cam xuat khau", "cam hoan toan"),
    "xthuhoi": ("thu hoi", "tich thu", "thu giu", "sung cong", "tam giu", "rut khoi thi truong", "rut khoi"),
    "xmienphi": ("mien phi", "khong mat phi", "khong mat tien", "khong ton phi", "khong thu phi", "free",
                 "khong phai tra tien", "khong ton tien", "cho khong"),
    "xthuphi": ("thu phi", "tinh phi", "thu them phi", "mat phi", "ton phi", "tru phi", "tru tien", "thu tien",
                "phai tra phi", "dong phi", "nop phi", "le phi"),
    "xtang": ("tang gia", "tang manh", "tang them", "tang len", "tang gap", "nang len", "tang vot", "len gia", "doi gia",
              "gap doi", "gap ba", "nhan doi", "nhan hai"),
    "xgiam": ("giam gia", "giam manh", "giam xuong", "ha gia", "cat giam", "bi cat", "bi tru", "bi giam", "cat bot",
              "tru bot", "giam bot", "giam con", "chi con", "chi duoc", "chi nhan duoc", "mat mot nua"),
    "xngung": ("tam ngung", "ngung hoat dong", "ngung", "dung hoat dong", "tam dung", "dong cua", "dinh chi",
               "dung cap", "dung ban", "dung chay", "dung van hanh", "cho dung"),
    "xchuakhoi": ("chua khoi hoan toan", "chua khoi", "tri khoi", "chua dut diem", "tri dut diem", "chua duoc benh",
                  "tri duoc benh", "khoi han", "khoi benh", "het benh", "dieu tri khoi", "tri tan goc",
                  "chua tan goc", "danh bay", "tieu diet", "chua duoc", "tri duoc"),
    "xgay": ("gay ra", "dan den", "gay nen", "khien cho", "gay", "khien"),
    "xtuvong": ("tu vong", "thiet mang", "qua doi", "mat mang", "chet nguoi", "chet", "tu nan"),
    "xnhiemdoc": ("nhiem doc", "ngo doc", "chua chat doc", "co chat doc", "nhiem hoa chat", "chat doc hai",
                  "doc hai", "tam hoa chat", "nhiem ban"),
    "xkhoa": ("khoa tai khoan", "phong toa", "dong bang", "bi khoa", "tam khoa", "khoa vinh vien"),
    "xhuybo": ("huy bo", "bai bo", "xoa bo", "loai bo", "cham dut", "xoa so", "bo han"),
    "xhan": ("han chot", "han cuoi", "cham nhat", "truoc ngay", "truoc thoi han", "qua han", "tre han", "het thoi han"),
    "xbatbuoc": ("bat buoc", "buoc phai", "yeu cau phai"),
    "xlua": ("lua dao", "gia mao", "mao danh", "chiem doat", "lua dao chiem doat"),
    "xhotro": ("ho tro", "tro cap", "chi tra", "phat tien ho tro", "tang tien", "cho tien", "nhan tien"),
    "xnghi": ("cho nghi", "duoc nghi", "nghi hoc", "nghi lam", "tam nghi"),
    "xthu": ("thu thap", "danh cap", "lay cap", "danh cap thong tin", "lo thong tin", "ro ri", "lo lot"),
    "xsapnhap": ("sap nhap", "hop nhat", "nhap vao"),
    "xgiaithe": ("giai the", "xoa so", "pha san"),
    "xdoi": ("cap doi", "doi sang", "doi lai", "lam lai", "cap lai", "phai doi", "doi moi"),
}  # fmt: skip
_PREDICATE_OF = {wording: key for key, wordings in PREDICATES.items() for wording in wordings}


def _trie_pattern(words: list[str]) -> str:
    """One regex alternation of ``words`` as a trie (shared prefixes once), longest first:
    Python's engine tries alternatives one by one, so a flat list of hundreds is slow."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:  # type: ignore[type-arg]
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


_PREDICATE = re.compile(r"\b(" + _trie_pattern(list(_PREDICATE_OF)) + r")\b")
# Abbreviations are matched on folded text; "cccd" before folding, which squashes its "ccc".
_FOLDED_ABBREVIATIONS = {fold(short): fold(long) for short, long in ABBREVIATIONS.items()}
_ABBREVIATION = re.compile(r"(?<![\w.])(" + _trie_pattern(list(_FOLDED_ABBREVIATIONS)) + r")(?!\w)")
_CCCD = re.compile("cccd", re.I)
PREDICATE_KEYS = frozenset(PREDICATES)
_FINE_AMOUNT = re.compile(r"\bphat(?=\s+(?:\d|tu\s+\d|nua|mot|hai|ba|nam))")

_UNITS = {"nghin": 1e3, "ngan": 1e3, "k": 1e3, "trieu": 1e6, "tr": 1e6, "cu": 1e6, "ty": 1e9, "ti": 1e9}
_NUMBER = re.compile(r"(?<![\w/])(\d+(?:[.,]\d+)?)\s*(nghin|ngan|trieu|tr|ty|ti|k|cu|%|phan tram)?(\s+ruoi)?(?![\w/])")
# Numbers spelled out ("ba mươi phần trăm", "hai nghìn không trăm hai mươi bảy", "nửa triệu"):
# a run of number words that holds a structural word (mươi, trăm, nghìn...), or one digit
# word before a counter ("năm người", "tám giờ"); alone, "ba", "năm", "sáu", "bảy" are other words.
_DIGIT_WORDS = {"khong": 0, "mot": 1, "mots": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "sau": 6,
                "bay": 7, "tam": 8, "chin": 9, "nua": 0.5}  # fmt: skip
_SCALES = {"nghin": 1e3, "ngan": 1e3, "trieu": 1e6, "ty": 1e9}
_STRUCTURE = "muoi|chuc|(?<!phan )tram|nghin|ngan|trieu|ty"
_DIGIT = "mot|hai|ba|bon|nam|lam|sau|bay|tam|chin|nua"
_COUNTERS = r"\s+(?:nguoi|ngay|gio|tieng|lan|tuan|chau|con|ca)\b"
_COUNTER = re.compile(_COUNTERS)
_SPELLED = re.compile(
    rf"(?<!\d )\b(?:(?:{_DIGIT})\s+)*(?:{_STRUCTURE})(?:\s+(?:{_DIGIT}|khong|linh|le|{_STRUCTURE}))*\b"
    rf"|\b(?:{_DIGIT}|muoi)(?={_COUNTERS})"
)
_MONTH_WORDS = {"gieng": 1, "mot": 1, "hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9,
                "muoi": 10, "muoi mot": 11, "muoi hai": 12, "chap": 12}  # fmt: skip
_SPELLED_MONTH = re.compile(r"\bthang (" + "|".join(sorted(_MONTH_WORDS, key=len, reverse=True)) + r")\b")
_DAY_MONTH = re.compile(r"(?<![\w.,/])(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}|\d{2}))?(?![\w.,/]*\d)")
_DAY_MONTH_WORDS = re.compile(r"\b(?:ngay|mung|mong)\s+(\d{1,2})\s+thang\s+(\d{1,2})\b")
_MONTH = re.compile(r"\bthang\s+(\d{1,2})\b(?!\s*(?:nghin|trieu|ty))")
_YEAR_VALUE = re.compile(r"(?:19|20)\d\d")
_YEAR_IN_DATE = re.compile(r"\d[/.-]((?:19|20)\d\d)\b")


@dataclass(frozen=True)
class Parts:
    """What a text asserts beyond its words: amounts, dates, predicate groups."""

    numbers: frozenset[str]  # amounts, percentages, counts (not years)
    dates: frozenset[tuple[int, int]]
    months: frozenset[int]
    years: frozenset[str]
    predicates: frozenset[str]


def folded_expanded(text: str) -> str:
    """Folded text with :data:`ABBREVIATIONS` spelled out.

    >>> folded_expanded("CCCD cũ hết hạn, ra UBND làm lại")
    'can cuoc cong dan cu het han, ra uy ban nhan dan lam lai'
    """
    return _ABBREVIATION.sub(lambda match: _FOLDED_ABBREVIATIONS[match[1]], fold(_CCCD.sub("căn cước công dân", text)))


def canonical(text: str) -> str:
    """Folded text, abbreviations spelled out, predicate wordings as their group key, numbers as digits.

    >>> canonical("CCCD cũ sẽ hết hiệu lực, ai chưa đổi bị xử phạt")
    'can cuoc cong dan cu se xvohieu, ai chua doi xphat'
    """
    return canonical_folded(folded_expanded(text))


def canonical_refold(text: str, folded: str) -> str:
    """:func:`canonical` of ``text`` given its :func:`~langnghe.claims.text.fold` ``folded`` (not folded again)."""
    if spelled_before_folding(text):
        return canonical(text)
    return canonical_folded(_ABBREVIATION.sub(lambda match: _FOLDED_ABBREVIATIONS[match[1]], folded))


def spelled_before_folding(text: str) -> bool:
    """Whether :func:`canonical` changes ``text`` before folding it ("cccd", inside words too)."""
    return _CCCD.search(text) is not None


def canonical_folded(folded: str) -> str:
    """:func:`canonical` of an already folded text (predicates, spelled numbers); a bare "phat" is a fine
    only before an amount ("phạt 500k"), since folded it is also "phát"."""
    folded = _FINE_AMOUNT.sub("xphat", _PREDICATE.sub(lambda match: _PREDICATE_OF[match[1]], folded))
    return digits(folded)


def spelled_value(words: list[str]) -> float:
    """The value of Vietnamese number words.

    >>> spelled_value("hai nghin khong tram hai muoi bay".split()), spelled_value(["nua", "trieu"])
    (2027.0, 500000.0)
    """
    total, group, last = 0.0, 0.0, 0.0
    for word in words:
        if word in ("muoi", "chuc"):  # "chín chục" = "chín mươi"
            group, last = group + (last or 1) * 10, 0.0
        elif word == "tram":
            group, last = group + last * 100, 0.0
        elif word in _SCALES:
            total, group, last = total + ((group + last) or 1) * _SCALES[word], 0.0, 0.0
        else:
            last = _DIGIT_WORDS.get(word, 0)
    return total + group + last


def _spelled(match: re.Match[str]) -> str:
    if match[0] in ("tram", "chuc") or match[0] == "muoi" and not _COUNTER.match(match.string, match.end()):
        return match[0]  # alone, folded "trạm", "muối" far more often than a bare "trăm", "mười"
    words, tail = match[0].split(), ""
    if len(words) > 1 and words[-1] == "mot" and words[-2] in ("tram", "nghin", "ngan", "trieu", "ty"):
        words, tail = words[:-1], " mot"  # "hai triệu một bộ": a price per piece, not 2,000,001
    value = spelled_value(words)
    return (f"{value:g}" if value < 1e6 and value == int(value) else f"{value:.0f}") + tail


def _value(number: str, unit: str | None, half: bool = False) -> str:
    if unit in ("%", "phan tram"):
        return f"{number.replace(',', '.')}%"
    if unit is None:
        return number.replace(".", "").replace(",", "") if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", number) else number
    value = float(number.replace(",", ".")) * _UNITS[unit] * (1.5 if half and number.isdigit() and number == "1" else 1)
    if half and number != "1":
        value += _UNITS[unit] / 2
    return f"{value:.0f}"


def digits(folded: str) -> str:
    """Spelled numbers and months as digits.

    >>> digits("gia dien tang ba muoi phan tram tu thang sau, nam nguoi")
    'gia dien tang 30 phan tram tu thang 6, 5 nguoi'
    """
    folded = _SPELLED_MONTH.sub(lambda match: f"thang {_MONTH_WORDS[match[1]]}", folded)
    return _SPELLED.sub(_spelled, folded)


def numbers(folded: str) -> frozenset[str]:
    """Amounts, percentages and counts of a folded text (dates excluded), comparable.

    >>> sorted(numbers(fold("phạt 500.000 đồng, hay 500k, nửa triệu, 20 phần trăm, 7 ngày")))
    ['20%', '500000', '7']
    """
    text = _DAY_MONTH.sub(" ", _DAY_MONTH_WORDS.sub(" ", folded))
    found: set[str] = set()
    for match in _NUMBER.finditer(text):
        found.add(_value(match[1], match[2], bool(match[3])))
    return frozenset(found)


def dates(folded: str) -> tuple[frozenset[tuple[int, int]], frozenset[int]]:
    """(day, month) dates and months of a folded text.

    >>> dates(fold("Từ 1/7/2026, hạn chót ngày 15 tháng 8; tháng 9 thì sao"))
    (frozenset({(1, 7), (15, 8)}), frozenset({8, 9, 7}))
    """
    pairs = {(int(d), int(m)) for d, m in _DAY_MONTH_WORDS.findall(folded)}
    pairs |= {(int(m[1]), int(m[2])) for m in _DAY_MONTH.finditer(folded)}
    pairs = {(day, month) for day, month in pairs if 1 <= day <= 31 and 1 <= month <= 12}
    months = {month for _, month in pairs} | {int(m) for m in _MONTH.findall(folded) if 1 <= int(m) <= 12}
    return frozenset(pairs), frozenset(months)


@lru_cache(maxsize=1024)
def read_parts(canonical_text: str) -> Parts:
    """The :class:`Parts` of a :func:`canonical` text (cached: the re-ranker and the stance read
    the same texts)."""
    pairs, months = dates(canonical_text)
    found = numbers(canonical_text)
    years = frozenset(n for n in found if _YEAR_VALUE.fullmatch(n)) | frozenset(_YEAR_IN_DATE.findall(canonical_text))
    predicates = frozenset(token for token in canonical_text.split() if token.strip(".,!?:;()\"'") in PREDICATE_KEYS)
    return Parts(found - years, pairs, months, years, frozenset(p.strip(".,!?:;()\"'") for p in predicates))


_CLAUSE_BREAK = re.compile(r"[,.](?!\d)|[;:!?()\[\]\n]+|\s(?=(?:neu|voi|vi|do|de|khien|ma|nen|sau khi|truoc khi|trong khi)\s)")
MIN_CLAUSE = 4  # syllables; a shorter piece joins the next one


def clauses(canonical_text: str) -> list[str]:
    """A claim's clauses (pieces between punctuation and linking words), each at least
    :data:`MIN_CLAUSE` syllables; a retelling that repeats one part repeats one of them.

    >>> clauses("so do cu se xvohieu tu 1/7, neu khong doi se xphat 5 trieu")
    ['so do cu se xvohieu tu 1/7', 'neu khong doi se xphat 5 trieu']
    """
    pieces, pending = [], ""
    for piece in _CLAUSE_BREAK.split(canonical_text):
        pending = f"{pending} {piece}".strip()
        if len(pending.split()) >= MIN_CLAUSE:
            pieces.append(pending)
            pending = ""
    if pending:
        pieces[-1:] = [f"{pieces[-1]} {pending}"] if pieces else [pending]
    return pieces


# How a post that only shares a claim's topic tends to read: it asks how ("thủ tục thế nào",
# "bao nhiêu"), or says how things stand ("vẫn", "bình thường", "chỉ cần", "theo quy định").
_ASKS_HOW = re.compile(
    r"\b(?:bao nhieu|the nao|nhu nao|lam sao|o dau|bao lau|khi nao|can nhung gi|can giay to gi|cho (?:em|minh|toi) hoi|"
    r"ai biet|xin hoi|hoi chut|thu tuc)\b"
)
_STANDS = re.compile(
    r"\b(?:van (?:con|co|duoc|dung|binh thuong|giu nguyen|hoat dong)|binh thuong|chi can|co the|theo quy dinh|huong dan|"
    r"ho so|dang ky tai|khuyen cao|luu y|giu nguyen|nhu cu|khong thay doi)\b"
)
_NEGATED_PREDICATE = re.compile(r"\b(?:khong|chua|chang|khong he|chua he|khong co chuyen|khong bi|chua bi)\s+(?:bi\s+)?(x[a-z]+)\b")


@dataclass(frozen=True)
class Tone:
    """Whether a text asks how, says how things stand, or denies a predicate ("không bị xphat")."""

    asks_how: bool
    stands: bool
    denies: frozenset[str]


@lru_cache(maxsize=1024)
def read_tone(canonical_text: str) -> Tone:
    """The :class:`Tone` of a :func:`canonical` text.

    >>> read_tone(canonical("Cho mình hỏi thủ tục cấp đổi sổ đỏ thế nào, sổ cũ vẫn còn giá trị không?"))
    Tone(asks_how=True, stands=True, denies=frozenset())
    >>> read_tone(canonical("Người dân không bị xử phạt")).denies
    frozenset({'xphat'})
    """
    denies = frozenset(key for key in _NEGATED_PREDICATE.findall(canonical_text) if key in PREDICATE_KEYS)
    return Tone(bool(_ASKS_HOW.search(canonical_text)), bool(_STANDS.search(canonical_text)), denies)


# What a text's folded words may become in its canonical reading, for the lossless pre-filter of
# the claims step (:mod:`langnghe.claims.gate`): built from the same tables as :func:`canonical`.
_WORDS = re.compile(r"[^\W_]+")
_EXPANDS: dict[str, frozenset[str]] = {}
for _short, _long in _FOLDED_ABBREVIATIONS.items():
    for _word in _WORDS.findall(_short):
        _EXPANDS[_word] = _EXPANDS.get(_word, frozenset()) | frozenset(_WORDS.findall(_long))
_WORDINGS: dict[str, list[tuple[frozenset[str], str]]] = {}
for _wording, _key in _PREDICATE_OF.items():
    _WORDINGS.setdefault(_wording.split()[0], []).append((frozenset(_wording.split()), _key))
_NUMBER_STRUCTURE = frozenset({"muoi", "chuc", "tram", "nghin", "ngan", "trieu", "ty"})
_NUMBER_DIGITS = frozenset({*_DIGIT.split("|"), "muoi"})
_NUMBER_COUNTERS = frozenset({"nguoi", "ngay", "gio", "tieng", "lan", "tuan", "chau", "con", "ca"})
_MONTH_SYLLABLES = frozenset(word for words in _MONTH_WORDS for word in words.split())


def may_read_as(words: set[str]) -> tuple[set[str], set[str], bool]:
    """What a text whose folded words are ``words`` may hold once read by :func:`canonical` (before
    the dialect of :func:`langnghe.claims.text.syllables`), at most: its words and the words it may
    gain; the words it may gain (the abbreviations' expansions, the keys of the predicate groups
    whose wording's words are all there), the only ones that can sit beside a word they did not sit
    beside before; and whether spelled numbers or months may turn into digits (any digits). A
    superset whatever the order of the words. A text with "cccd" (spelled out before folding,
    inside words too) is not covered: check :func:`spelled_before_folding` first."""
    gained: set[str] = set()
    for word in words & _EXPANDS.keys():
        gained |= _EXPANDS[word]
    found = words | gained
    for first in found & _WORDINGS.keys():
        gained |= {key for wording, key in _WORDINGS[first] if wording <= found}
    if "phat" in found:
        gained.add("xphat")  # a bare fine before an amount (_FINE_AMOUNT)
    found |= gained
    numbers = bool(found & _NUMBER_STRUCTURE) or bool(found & _NUMBER_DIGITS and found & _NUMBER_COUNTERS)
    return found, gained, numbers or ("thang" in found and bool(found & _MONTH_SYLLABLES))
