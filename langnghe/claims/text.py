"""How the claim matcher reads text: one folded form for claims and items alike.

Text is normalised (:func:`langnghe.nlp.normalize.normalize`), social forms are
expanded (:func:`langnghe.nlp.social.normalize_social`: "ko" -> "không"), then
lower-cased and stripped of diacritics (:func:`langnghe.nlp.social.strip_diacritics`),
so "Nước máy Cần Thơ" and "nuoc may can tho" read the same. Only the head of a long
text is read (:data:`MATCH_MAX_CHARS`): a post or article that repeats a claim says so
in its title and first paragraphs.

Amounts are written one way ("50.000 đồng", "50 nghìn", "50k" -> "50 nghin"; "5.000.000",
"5 củ" -> "5 trieu") and a few Southern words take their Northern synonym ("heo" -> "lon",
"chích" -> "tiem"), since rumours are retold in both (:data:`DIALECT`).

Features are syllable unigrams and bigrams ("nuoc", "nuoc may"); shingles, for
near-duplicates, are runs of three syllables. Claim texts lose their refutation
wording first (:func:`claim_core`): an entry written as "Thông tin X là sai sự thật"
should match posts that say X, not posts that say "sai sự thật".
"""

from __future__ import annotations

import re

from langnghe.nlp.normalize import normalize
from langnghe.nlp.social import normalize_social, strip_diacritics

MATCH_MAX_CHARS = 3000
SHINGLE_SIZE = 3

_SYLLABLE = re.compile(r"[^\W_]+")
_DIGIT = re.compile(r"\d")
# Wording of a debunk, not of the claim itself (folded forms; see claim_core).
_DEBUNK_WORDING = re.compile(
    r"\b(?:(?:thong tin|tin don|tin)\s+)?(?:(?:la|hoan toan|deu)\s+)*"
    r"(?:sai su that|khong dung su that|bia dat|that thiet|tin gia|khong co co so|bac bo|dinh chinh|"
    r"xac minh|canh bao|su that ve|su that la)\b"
)


# Southern -> Northern words (folded), unambiguous ones only: "bắp" (corn, but "bắp cải"),
# "ốm" (ill or thin) and "thơm" (pineapple or fragrant) stay as they are, and so does "bao tử"
# (stomach), which folded is also "báo từ" ("thông báo từ ngày 1/7").
DIALECT: dict[str, str] = {
    "heo": "lon", "chich": "tiem", "xai": "dung", "ngan": "nghin", "ly": "coc", "muong": "thia",
"non bao hiem": "mu bao hiem", "mac tien": "dat tien",
}  # fmt: skip
_WORD_DIALECT = {word: north for word, north in DIALECT.items() if " " not in word}
_PHRASE_DIALECT = {phrase: north for phrase, north in DIALECT.items() if " " in phrase}
_AMOUNT = re.compile(r"\d[\d.,]*(?: ?k\b| cu\b)?")  # starts with a digit: the regex engine skips to digits
_ROUND = re.compile(r"(\d{1,3})((?:[.,]000)+)")


def _amount(match: re.Match[str]) -> str:
    """``50.000`` / ``50k`` -> ``50 nghin``, ``5.000.000`` / ``5 cu`` -> ``5 trieu``; others as they are."""
    text = match[0]
    if text.endswith("k") or text.endswith(" cu"):
        number = text.removesuffix("k").removesuffix(" cu").rstrip()
        return f"{number} {'nghin' if text.endswith('k') else 'trieu'} "
    rounded = _ROUND.fullmatch(text.rstrip(".,"))
    if rounded is None or len(rounded[2]) > 8:
        return text
    return f"{rounded[1]} {'nghin' if len(rounded[2]) == 4 else 'trieu'} " + text[len(rounded[0]) :]


def fold(text: str) -> str:
    """The matcher's form of ``text``: normalised, social forms expanded, lower case, no
    diacritics, amounts written one way.

    >>> fold("Giá ở Cần Thơ ko rẻ: 50.000 đồng, 1.000.000đ!!!")
    'gia o can tho khong re: 50 nghin  dong, 1 trieu d!!!'
    """
    folded = strip_diacritics(normalize_social(normalize(text[:MATCH_MAX_CHARS])).lower())
    if _DIGIT.search(folded):
        folded = _AMOUNT.sub(_amount, folded)
    for phrase, north in _PHRASE_DIALECT.items():
        if phrase in folded:
            folded = re.sub(rf"\b{phrase}\b", north, folded)
    return folded


def words(folded: str) -> list[str]:
    """Runs of letters and digits of a folded text, as written (no dialect: see :func:`syllables`)."""
    return _SYLLABLE.findall(folded)


def syllables(folded: str) -> list[str]:
    """Runs of letters and digits of a folded text, Southern words in their Northern form.

    >>> syllables("thit heo can tho, 7 ngay!")
    ['thit', 'lon', 'can', 'tho', '7', 'ngay']
    """
    get = _WORD_DIALECT.get
    return [get(token, token) for token in _SYLLABLE.findall(folded)]


def features(tokens: list[str]) -> list[str]:
    """Unigrams and bigrams of ``tokens`` (with repeats: callers count or deduplicate).

    >>> features(["nuoc", "may", "can"])
    ['nuoc', 'may', 'can', 'nuoc may', 'may can']
    """
    return tokens + [f"{first} {second}" for first, second in zip(tokens, tokens[1:])]


def shingles(tokens: list[str], size: int = SHINGLE_SIZE) -> set[str]:
    """Runs of ``size`` syllables (the whole text when shorter), for MinHash.

    >>> sorted(shingles(["a", "b", "c", "d"]))
    ['a b c', 'b c d']
    """
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def claim_core(folded: str) -> str:
    """A folded claim text without the wording of its debunk.

    >>> claim_core("thong tin nuoc may can tho nhiem doc la sai su that")
    'thong tin nuoc may can tho nhiem doc'
    """
    core = " ".join(_DEBUNK_WORDING.sub(" ", folded).split())
    return core or folded
