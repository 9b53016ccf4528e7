"""Normalisation for social-media comments, run after :func:`langnghe.nlp.normalize.normalize`.

Comments are typed fast: links, @mentions, phone numbers, teencode ("ko", "dc", "j"),
letters repeated for stress ("quáaaa"), emoji glued to words, sometimes no diacritics
at all. :func:`normalize_social` maps them to one form, so that the syllable features
of :mod:`langnghe.nlp.features` see "không" whatever was typed:

- links, e-mail addresses, @mentions and Vietnamese phone numbers become the
  placeholders :data:`URL`, :data:`EMAIL`, :data:`MENTION` and :data:`PHONE` (fewer
  one-off features, no personal data in the index). They are ASCII letters only, so
  the syllable regex ``[^\\W_]+`` keeps each as one token, and none can be a Vietnamese
  syllable (no Vietnamese onset "xm"/"xp", no coda "l"/"rl").
  Hashtags lose ``#`` and ``_`` ("#bảo_vệ_rừng" -> "bảo vệ rừng");
- letters repeated for stress are squashed (rules in :func:`_squash`);
- common teencode is expanded, whole tokens only (:data:`TEENCODE`, context rules in
  :func:`_in_context`);
- emoji and emoticons become tokens of their own ("quá😍😍" -> "quá 😍 😍").

:func:`strip_diacritics`, :func:`diacritic_ratio` and :func:`lacks_diacritics` tell
Vietnamese typed without diacritics ("khong ai giai quyet") from normal Vietnamese
and from English.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

URL = "xurl"
EMAIL = "xemail"
MENTION = "xmention"
PHONE = "xphone"
PLACEHOLDERS = frozenset({URL, EMAIL, MENTION, PHONE})

# Common forms, not exhaustive. Left out on purpose, because they are real words or
# too ambiguous: "hông" (hip, side), "hong" (to dry), "kg" (kilogram), "dị" ("dị ứng"),
# "lém" ("lém lỉnh"), "tr" (triệu), "nc" (nước or nói chuyện), "bt" (bình thường, biết,
# bài tập), "đt" (điện thoại, đội tuyển), "ad" (admin), "a"/"e" (anh/em, or letters),
# "thank" ("thank you"). Ambiguous forms kept with their commoner reading: "bn" (bạn;
# also "bao nhiêu"), "bh" (bây giờ; also "bao giờ"), "dk"/"đk" (được; also "điều kiện",
# "đăng ký"), "kh" (không; also "khách hàng"), "vs" (với; also "versus", same sense).
TEENCODE: dict[str, str] = {
    "ko": "không", "k": "không", "kh": "không", "khg": "không", "kô": "không",
    "hok": "không", "hk": "không", "hem": "không", "khum": "không", "khôg": "không",
    "dc": "được", "đc": "được", "dk": "được", "đk": "được",
    "j": "gì", "ji": "gì", "gj": "gì",
    "vs": "với", "mn": "mọi người", "mng": "mọi người", "ng": "người", "ngta": "người ta",
    "ny": "người yêu", "trc": "trước", "r": "rồi", "oy": "rồi", "ròi": "rồi", "rùi": "rồi",
    "cx": "cũng", "cug": "cũng", "cũg": "cũng", "bít": "biết", "bik": "biết",
    "thik": "thích", "thix": "thích", "thjk": "thích", "iu": "yêu", "bn": "bạn", "ms": "mới",
    "z": "vậy", "v": "vậy", "zậy": "vậy", "zị": "vậy", "wá": "quá", "qá": "quá", "wa": "quá",
    "bh": "bây giờ", "bjo": "bây giờ", "bjờ": "bây giờ", "hnay": "hôm nay", "hqua": "hôm qua",
    "tks": "cảm ơn", "thks": "cảm ơn", "thx": "cảm ơn", "thanks": "cảm ơn",
    "oke": "ok", "okela": "ok", "oki": "ok", "okie": "ok",
    "mk": "mình", "mik": "mình", "mjk": "mình", "mjnh": "mình", "lm": "làm", "ns": "nói",
    "ntn": "như thế nào", "chx": "chưa", "cj": "chị", "ck": "chồng", "vk": "vợ", "nx": "nữa",
    "đag": "đang", "dag": "đang", "lun": "luôn", "nhìu": "nhiều", "mún": "muốn", "ik": "đi",
    "nma": "nhưng mà", "sđt": "số điện thoại", "sdt": "số điện thoại", "kq": "kết quả", "uk": "ừ",
}

# Readings that depend on a neighbour (None: keep as typed). After a number "k", "v"
# and "h" are units: "50 k" (nghìn), "220 v", "8 h" (giờ).
_AFTER_NUMBER: dict[str, str | None] = {"k": None, "v": None, "h": "giờ"}
_AFTER_WORD: dict[tuple[str, str], str | None] = {
    ("bây", "h"): "giờ", ("gen", "z"): None, ("hệ", "z"): None,
    **{(before, "wa"): "qua" for before in ("hôm", "đi", "bỏ", "vượt", "trải", "ghé", "chạy", "đêm", "tối")},
}
_BEFORE_WORD: dict[tuple[str, str], str | None] = {("bít", "tết"): None, ("bít", "tất"): None}
_CONTEXTUAL = frozenset({*_AFTER_NUMBER, *(word for _, word in _AFTER_WORD), *(word for word, _ in _BEFORE_WORD)})

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_VOWELS = "aăâeêioôơuưy"
_TLDS = "com|net|org|info|biz|edu|gov|io|me|ly|gl|be|xyz|online|site|shop|store|app|link|vn"
_URL_TAIL = r"[^\s\U0001F000-\U0001FAFF\u2600-\u27BF]*[^\s.,;:!?)\]}>\"'…\U0001F000-\U0001FAFF\u2600-\u27BF]"
_URL = re.compile(rf"(?:https?://|www\.){_URL_TAIL}", re.IGNORECASE)
_DOMAIN = re.compile(rf"(?<![\w@./-])(?:[a-z0-9][a-z0-9-]*\.)+(?:{_TLDS})\b(?:/{_URL_TAIL})?", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MENTION = re.compile(r"(?<![\w@])@\w(?:[\w.]*\w)?")
_HASHTAG = re.compile(r"(?<![\w#&])#(\w*[^\W\d_]\w*)")
# No look-behind in front: a pattern that starts with literals lets the regex engine
# skip to candidate characters; _phone checks the character before instead.
_PHONE = re.compile(r"(?:\+84[ .-]?|84[ .-]?|0)[1-9]\d{1,3}(?:[ .-]?\d{2,4}){1,3}(?!\w)")
_SYMBOL = re.compile(
    r"[\U0001F1E6-\U0001F1FF]{2}|[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF][\U0001F3FB-\U0001F3FF\uFE0F]*"
    r"|(?<!\d)[:;=][-']?(?:[()\[\]|/\\]+|[dDpPvVoO3](?![^\W_]))|<3+|-_+-|\^_*\^"
)
# Characters that may start an emoticon, and emoji: tokens without any skip _SYMBOL.
_SYMBOL_GATE = re.compile(r"[:;=<^\-\u2600-\U0010FFFF]")
_AFFIXED = re.compile(r"(\W*)([^\W_]+)(\W*)")
_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~…“”‘’"
_DOUBLE = re.compile(r"(.)\1")
_RUN3 = re.compile(r"([^\W\d_])\1{2,}")
_FINAL_RUN = re.compile(r"([^\W\d_])\1+$")
# A plain vowel right after a toned form of itself ("quáaa", "nhéee"): never in a real
# syllable ("ưu" in "cứu" is ư + u, two letters, so it stays).
_TONED_THEN_PLAIN = re.compile(
    "|".join(
        f"(?<=[{''.join(unicodedata.normalize('NFC', vowel + tone) for tone in _TONES)}]){vowel}+"
        for vowel in _VOWELS
    ),
    re.IGNORECASE,
)
_CACHE_SIZE = 100_000


def _build_strip_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D"}
    for vowel in _VOWELS + _VOWELS.upper():
        for tone in ("", *_TONES):
            form = unicodedata.normalize("NFC", vowel + tone)
            base = unicodedata.normalize("NFD", form)[0]
            if form != base:
                table[ord(form)] = base
    table.update(dict.fromkeys(map(ord, _TONES + "\u0302\u0306\u031b")))  # stray combining marks
    return table


_STRIP_TABLE = _build_strip_table()
_ACCENTED = frozenset(chr(code) for code, base in _STRIP_TABLE.items() if base)


def _squash(word: str) -> str:
    """Undo letters repeated for stress in one word (letters and digits only).

    All-caps words of up to 4 letters are left alone (acronyms, Roman numerals, sizes:
    "III", "WWW", "XXXL"); one letter repeated ("kkkkk" laughter) keeps 3 of it; a
    run of 3+ identical letters becomes one (keeps "xoong", "hello"); in words with
    diacritics, which are Vietnamese and never end in a double letter, a final double
    goes too ("đii" -> "đi"), and so does a plain vowel after its toned form ("quáa").

    >>> _squash("quáaaa"), _squash("đẹpppp"), _squash("xoong"), _squash("III")
    ('quá', 'đẹp', 'xoong', 'III')
    """
    if len(word) < 2 or (len(word) <= 4 and word.isupper()):
        return word
    if _DOUBLE.search(word if word.isascii() else word.translate(_STRIP_TABLE)) is None:
        return word  # fast path: no letter follows itself, even without diacritics
    if len(set(word)) == 1 and word.isalpha():
        return word[:3]
    if word.isascii():
        return _RUN3.sub(r"\1", word)
    while True:  # one removal may expose another ("ááa" -> "áá" -> "á")
        squashed = _FINAL_RUN.sub(r"\1", _TONED_THEN_PLAIN.sub("", _RUN3.sub(r"\1", word)))
        if squashed == word:
            return word
        word = squashed


def _recase(word: str, expansion: str | None) -> str:
    """``expansion`` in the case of ``word``; all-caps and single capitals (acronyms,
    initials: "DC", "NY", "K") keep their form, as does a word without expansion."""
    if expansion is None or not (word.islower() or (len(word) > 1 and word[0].isupper() and word[1:].islower())):
        return word
    return expansion if word.islower() else expansion[0].upper() + expansion[1:]


def _word(core: str) -> str:
    word = _squash(core)
    return _recase(word, TEENCODE.get(word.lower()))


def _piece(piece: str) -> str:
    """One emoji-free piece of a token: the word inside its punctuation ("ko," -> "không,")."""
    if _SYMBOL.fullmatch(piece):
        return piece
    parts = _AFFIXED.fullmatch(piece)
    if parts is None:
        return piece  # "v.v.", "a_b", "50.000": not one word
    lead, core, trail = parts.groups()
    return lead + _word(core) + trail


def _transform(token: str) -> str:
    if token.isalpha():
        return _word(token)
    if _SYMBOL_GATE.search(token) is None or _SYMBOL.search(token) is None:
        return _piece(token)
    return " ".join(map(_piece, _SYMBOL.sub(r" \g<0> ", token).split()))


def _phone(match: re.Match[str]) -> str:
    before = match.string[match.start() - 1 : match.start()]
    if before and (before in "+.,_" or before.isalnum()):
        return match[0]  # part of a longer number or word
    digits = sum(char.isdigit() for char in match[0])
    if match[0].lstrip("+").startswith("84"):
        digits -= 1  # "84" stands for the leading "0"
    # Mobile numbers have 10 digits, landlines 11: anything else is a date or an amount.
    return PHONE if digits in (10, 11) else match[0]


def _entities(token: str) -> str:
    """Links, e-mails and mentions in one token -> placeholders; hashtags -> words."""
    if "://" in token or "www." in token:
        token = _URL.sub(URL, token)  # first: a link may hold "@" ("https://fb.com/@ai")
    if "@" in token:
        token = _MENTION.sub(MENTION, _EMAIL.sub(EMAIL, token))
    if "." in token:
        token = _DOMAIN.sub(URL, token)
    if "#" in token:
        token = _HASHTAG.sub(lambda match: match[1].replace("_", " "), token)
    return token


# Short tokens seen whose word is in _CONTEXTUAL ("k", "k,", "(wa"): only lines that
# hold one pay for the context pass. Never cleared, so that a cache clear in the middle
# of a line loses nothing; bounded by the short tokens around a few words.
_CONTEXT_TOKENS: set[str] = set()


def _is_contextual(token: str) -> bool:
    return len(token) < 10 and _squash(token.strip(_PUNCTUATION)).lower() in _CONTEXTUAL


class _TokenCache(dict[str, str]):
    """Token -> normalised token. Comment vocabulary is Zipfian, so nearly every token
    is a hit: one C-level dict lookup instead of several regexes."""

    def __missing__(self, token: str) -> str:
        if len(self) >= _CACHE_SIZE:
            self.clear()  # bound memory on streams of one-off tokens
        plain = _entities(token)
        self[token] = fixed = " ".join(map(_transform, plain.split()))
        if plain == token and " " not in fixed and _is_contextual(token):  # not "wa:)))"
            _CONTEXT_TOKENS.add(token)
        return fixed


_TOKENS = _TokenCache()


def _in_context(word: str, before: str, after: str) -> str:
    """The reading of a contextual token given its normalised neighbours ("50 k" keeps "k")."""
    parts = _AFFIXED.fullmatch(word)
    if parts is None:
        return _TOKENS[word]
    lead, core, trail = parts.groups()
    core = _squash(core)
    key = core.lower()
    if before[-1:].isdigit() and key in _AFTER_NUMBER:
        expansion = _AFTER_NUMBER[key]
    elif (before, key) in _AFTER_WORD:
        expansion = _AFTER_WORD[before, key]
    elif (key, after) in _BEFORE_WORD:
        expansion = _BEFORE_WORD[key, after]
    else:
        expansion = TEENCODE.get(key)
    return lead + _recase(core, expansion) + trail


def _social_line(line: str) -> str:
    tokens = line.split()
    words = list(map(_TOKENS.__getitem__, tokens))
    if not _CONTEXT_TOKENS.isdisjoint(tokens):
        padded = ["", *words, ""]  # neighbours as normalised: "ik wa" reads "đi wa" -> "đi qua"
        for index, token in enumerate(tokens):
            if token in _CONTEXT_TOKENS:
                before = padded[index].rsplit(" ", 1)[-1].lstrip(_PUNCTUATION).lower()
                after = padded[index + 2].split(" ", 1)[0].rstrip(_PUNCTUATION).lower()
                words[index] = padded[index + 1] = _in_context(token, before, after)
    return " ".join(words)


def normalize_social(text: str) -> str:
    """Normalise a social-media comment (already :func:`~langnghe.nlp.normalize.normalize`-d).

    Text with nothing to change is returned as the same object.

    >>> normalize_social("mn ơi ko bít j luôn, đẹp quáaaa😍😍 https://vd.vn/a")
    'mọi người ơi không biết gì luôn, đẹp quá 😍 😍 xurl'
    """
    original = text
    if "0" in text or "84" in text:
        text = _PHONE.sub(_phone, text)  # a phone number may span tokens: "0912 345 678"
    normalized = "\n".join(map(_social_line, text.split("\n")))
    return original if normalized == original else normalized


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics (NFC input): ``"Đường phố"`` -> ``"Duong pho"``.

    >>> strip_diacritics("Người dân rất bức xúc")
    'Nguoi dan rat buc xuc'
    """
    return text if text.isascii() else text.translate(_STRIP_TABLE)


MIN_SYLLABLES = 4
MAX_ACCENTED_SHARE = 0.15  # of syllables; normal Vietnamese has 60-80%
MIN_SHAPED_SHARE = 0.75  # of plain syllables; hand-written English examples reach 0.6 at most
MIN_COMMON_SHARE = 0.1  # of plain syllables; English has almost none
_LETTERS = re.compile(r"[^\W\d_]+")
# Frequent Vietnamese syllables without diacritics, and teencode, minus those that are
# also common English words ("to", "do", "an", "on", "me", "the", "ban", "hay", "can").
_COMMON_UNACCENTED = frozenset(
    "khong ko k cua va nhung duoc dc nguoi toi minh mk em anh chi thi roi qua nay cho voi co mot nhu de se "
    "da dang la lam biet gi j vi ma nhieu cung cac nao sao vay day nua chua ai moi rat lai ra di len xuong "
    "tu trong ngoai neu thoi oi nhe ve viec nha khi tai nen phai muon thay noi chu gio luon thu xin cam "
    "ong ba bao sau truoc tren duoi ngay dep tot hoc mua hieu yeu thich mn dan nuoc cuoc song cong doi "
    "gia tien nam thang truong hang nhan quan thanh tinh dinh xe duong".split()
)
# Loanwords and abbreviations common in unaccented comments: Vietnamese in use, not in shape.
_SOCIAL_WORDS = frozenset("ok oke ship shop sp ib inbox fb cod page admin ad link online sale mng cx trc".split())
# English function words that are not Vietnamese without diacritics ("the" is "thế",
# "do", "me", "on", "it" are "do", "mẹ", "ơn", "ít"): English as soon as they are as
# many as the common Vietnamese syllables ("I love Viet Nam so much").
_ENGLISH = frozenset("i is are was were you your and of we this that with for have has what they she will just "
                     "from how very our like love good".split())
_SHAPE = re.compile(
    r"(?:ngh|ng|nh|th|tr|ch|ph|kh|gh|gi|qu|[bcdghklmnpqrstvx])?"
    r"(?:oai|oay|oeo|uay|uoi|uou|uya|uye|uyu|ieu|yeu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ye"
    r"|[aeiouy])(?:ng|nh|ch|[cmnpt])?"
)


@lru_cache(maxsize=65536)
def _is_shaped(syllable: str) -> bool:
    return syllable in _COMMON_UNACCENTED or syllable in _SOCIAL_WORDS or _SHAPE.fullmatch(syllable) is not None


def _syllables(text: str) -> tuple[list[str], int]:
    """Lower-cased ASCII letter runs of ``text`` (placeholders left out), and the count of
    runs with a Vietnamese diacritic; other scripts are left out."""
    plain: list[str] = []
    accented = 0
    for run in _LETTERS.findall(text):
        if run.isascii():
            if run not in PLACEHOLDERS:
                plain.append(run.lower())
        elif not _ACCENTED.isdisjoint(run):
            accented += 1
    return plain, accented


def diacritic_ratio(text: str) -> float | None:
    """Share of Latin-letter syllables with a Vietnamese diacritic; None under 4 syllables.

    >>> diacritic_ratio("Hôm nay trời đẹp"), diacritic_ratio("hom nay troi dep"), diacritic_ratio("ok")
    (0.75, 0.0, None)
    """
    plain, accented = _syllables(text)
    total = len(plain) + accented
    return accented / total if total >= MIN_SYLLABLES else None


def lacks_diacritics(text: str) -> bool:
    """True for Vietnamese typed without diacritics; False for normal Vietnamese, English
    and text under 4 syllables.

    Rule, over the syllables in Latin letters: at most 15% carry a diacritic; at least
    10% of the plain ones are common Vietnamese syllables that are not English words,
    and more of them than English function words; at least 75% have a Vietnamese shape
    (onset, vowel cluster, coda: "the" has one, "is" and "today" do not).

    >>> lacks_diacritics("toi thay rat buc xuc vi khong ai giai quyet"), lacks_diacritics("the meeting is today")
    (True, False)
    """
    plain, accented = _syllables(text)
    total = len(plain) + accented
    if total < MIN_SYLLABLES or accented > MAX_ACCENTED_SHARE * total:
        return False
    common = sum(map(_COMMON_UNACCENTED.__contains__, plain))
    if common < MIN_COMMON_SHARE * len(plain) or common <= sum(map(_ENGLISH.__contains__, plain)):
        return False
    return sum(map(_is_shaped, plain)) >= MIN_SHAPED_SHARE * len(plain)
