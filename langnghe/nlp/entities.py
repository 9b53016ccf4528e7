"""Named entities: people, places, organisations and other proper names in a text.

Two methods. ``fast`` (the enrich stage's default) reads the segmented words: a
proper name is a capitalised word ("Hưng_Yên", "Nguyễn_Văn_An") or an acronym
("UBND", "WHO") that does not merely start a sentence, typed by what it is or what
stands before it: a province or country name is a place, so is a name after "tỉnh",
"xã", "tại"; a name after "ông", "bà", "Chủ tịch" or starting with a common surname is
a person; "Bộ", "Sở", "Công ty", "Bệnh viện"... followed by a name is an organisation
("Bộ Y tế", "UBND tỉnh Hưng Yên"). Anything else capitalised is ``MISC``.
``crf`` calls underthesea's NER (word segmentation, POS and chunking CRFs, then the NER
CRF): closer to the VLSP 2016 annotation but ~5 texts/s, for one-off use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Literal

from langnghe.item import Entity, EntityLabel
from langnghe.nlp.gazetteer import find_provinces

EntityMethod = Literal["fast", "crf"]

_SENTENCE_END = frozenset(".!?…:;\"“”()")
# Lower-cased words before a name that say what the name is.
_PLACE_CUES = frozenset(
    "tỉnh thành_phố tp tp. huyện quận xã phường thị_xã thị_trấn làng thôn ấp bản sông núi đảo "
    "tại ở về đến từ vùng miền đèo hồ biển cầu đường phố".split()
)
_PERSON_CUES = frozenset(
    "ông bà anh chị cô chú bác cụ cháu em chủ_tịch phó_chủ_tịch bộ_trưởng thứ_trưởng thủ_tướng "
    "tổng_bí_thư bí_thư giám_đốc trưởng_phòng bác_sĩ luật_sư nhà_báo ca_sĩ diễn_viên cầu_thủ "
    "hlv huấn_luyện_viên tiến_sĩ ts gs pgs đại_tá thượng_tá trung_tá thiếu_tá thiếu_tướng "
    "trung_tướng đại_úy thượng_úy trung_úy thiếu_úy chủ_tọa thẩm_phán kiểm_sát_viên "
    "đồng_chí nghệ_sĩ nhạc_sĩ họa_sĩ nhà_văn nhà_thơ thầy giáo_sư".split()
)
_ORG_HEADS = frozenset(
    "bộ sở ubnd hđnd ủy_ban công_an bệnh_viện trường đại_học học_viện công_ty tập_đoàn "
    "ngân_hàng viện ban hội tòa_án tand viện_kiểm_sát vks quốc_hội chính_phủ cục tổng_cục "
    "báo đài đảng_bộ mặt_trận liên_đoàn câu_lạc_bộ clb hãng tổ_chức quỹ văn_phòng chi_cục".split()
)
_CUES = _PERSON_CUES | _PLACE_CUES
_ADMIN_WORDS = frozenset("tỉnh thành_phố tp tp. huyện quận xã phường thị_xã thị_trấn".split())
_SURNAMES = frozenset(
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh trịnh "
    "đoàn lâm mai trương tạ lương hà cao quách thái tô tăng châu triệu lưu kiều vương".split()
)
_COUNTRIES = frozenset(
    "việt_nam trung_quốc mỹ hoa_kỳ nhật_bản hàn_quốc triều_tiên nga pháp đức anh ý "
    "ấn_độ úc australia lào campuchia thái_lan singapore malaysia indonesia philippines "
    "myanmar ukraine israel iran canada brazil đài_loan hồng_kông".split()
)
_KNOWN_ORGS = frozenset("ubnd hđnd who asean un nato eu imf wto unesco unicef fifa afc vff evn vtv vov ttxvn".split())


def _letters(part: str) -> bool:
    return part.replace(".", "").replace("-", "").replace("&", "").isalpha()


def _is_name(token: str) -> bool:
    """Every syllable capitalised ("Hà_Nội", "TP.HCM", "UBND")."""
    parts = token.split("_")
    return all(_letters(part) and part[:1].isupper() for part in parts)


def _starts_name(token: str) -> bool:
    """Capitalised first syllable: how organisation names go on ("Bộ Y_tế", "Sở Giao_thông")."""
    return token[:1].isupper() and all(map(_letters, token.split("_")))


def _label(name: str, previous: str) -> EntityLabel:
    key = name.lower()
    plain = name.replace("_", " ")  # as written: the gazetteer matches capitalised names
    if previous in _PERSON_CUES:
        return "PER"
    if previous in _PLACE_CUES or key in _COUNTRIES or find_provinces(plain, normalized=True):
        return "LOC"
    if key in _KNOWN_ORGS:
        return "ORG"
    first = key.split("_", 1)[0]
    if first in _SURNAMES and 2 <= key.count("_") + 1 <= 4:
        return "PER"
    return "MISC"


def _org_span(words: Sequence[str], start: int) -> int:
    """End of an organisation name starting at ``start`` ("Bộ Y_tế", "UBND tỉnh Hưng_Yên"), or ``start``."""
    end = start + 1
    if end < len(words) and words[end].lower() in _ADMIN_WORDS:
        end += 1
    if end < len(words) and _starts_name(words[end]):
        return end + 1
    return start


def find_entities(words: Sequence[str]) -> list[Entity]:
    """Entities among segmented ``words`` (punctuation included), most frequent first.

    >>> [(e.text, e.label) for e in find_entities(
    ...     ["Ông", "Nguyễn_Văn_An", ",", "Chủ_tịch", "UBND", "tỉnh", "Hưng_Yên", ",", "làm_việc", "với", "Bộ", "Y_tế", "."])]
    [('Nguyễn Văn An', 'PER'), ('UBND tỉnh Hưng Yên', 'ORG'), ('Bộ Y tế', 'ORG')]
    """
    found: Counter[tuple[str, EntityLabel]] = Counter()
    index = 0
    sentence_start = True
    while index < len(words):
        word = words[index]
        lower = word.lower()
        if word == lower and lower not in _ORG_HEADS:  # most words: not a name, not a head
            sentence_start = word in _SENTENCE_END
            index += 1
            continue
        previous = words[index - 1].lower() if index else ""
        org_end = _org_span(words, index) if lower in _ORG_HEADS else index
        if org_end > index:
            found[(" ".join(words[index:org_end]).replace("_", " "), "ORG")] += 1
            index, sentence_start = org_end, False
            continue
        if _is_name(word) and not (sentence_start and "_" not in word and not word.isupper()):
            head, _, rest = word.partition("_")
            if rest and head.lower() in _CUES:  # "Ông_Tuấn" at a sentence start
                word, previous = rest, head.lower()
            if len(word) > 1 and word.lower() not in _PERSON_CUES and word.lower() not in _ORG_HEADS:
                found[(word.replace("_", " "), _label(word, previous))] += 1
        sentence_start = word in _SENTENCE_END
        index += 1
    return [Entity(text=text, label=label, count=count) for (text, label), count in found.most_common()]


def find_entities_crf(text: str) -> list[Entity]:
    """Entities by underthesea's NER CRF (slow; see the module docstring)."""
    from underthesea import ner

    found: Counter[tuple[str, EntityLabel]] = Counter()
    current: list[str] = []
    label: EntityLabel | None = None
    for word, _pos, _chunk, tag in [*ner(text), ("", "", "", "O")]:
        kind = tag[2:] if tag != "O" else ""
        if current and label and (tag.startswith("B-") or tag == "O" or kind != label):
            found[(" ".join(current), label)] += 1
            current, label = [], None
        if kind in ("PER", "LOC", "ORG", "MISC"):
            current.append(word)
            label = kind  # type: ignore[assignment]
    return [Entity(text=text, label=label, count=count) for (text, label), count in found.most_common()]
