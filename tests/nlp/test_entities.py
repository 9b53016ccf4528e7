from __future__ import annotations

import pytest

from langnghe.nlp.entities import find_entities
from langnghe.nlp.segment import segment_words


def _entities(text: str) -> list[tuple[str, str]]:
    return [(entity.text, entity.label) for entity in find_entities(segment_words(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bộ trưởng Bộ Ngoại giao Lê Hoài Trung hội đàm tại Hà Nội.",
         [("Bộ Ngoại giao", "ORG"), ("Lê Hoài Trung", "PER"), ("Hà Nội", "LOC")]),
        ("Chiều qua, UBND tỉnh Hưng Yên họp với người dân xã Tân Lập.",
         [("UBND tỉnh Hưng Yên", "ORG"), ("Tân Lập", "LOC")]),
        ("Bệnh viện Bạch Mai tiếp nhận bệnh nhân từ Lào.", [("Bệnh viện Bạch Mai", "ORG"), ("Lào", "LOC")]),
        ("Ông Tuấn cho biết nước thải đổ thẳng ra sông.", [("Tuấn", "PER")]),
        # A province whose first syllable is also a surname ("Hà") is still a place.
        ("Bộ Y tế khuyến cáo người dân Hà Nội tiêm vắc xin.", [("Bộ Y tế", "ORG"), ("Hà Nội", "LOC")]),
    ],
)  # fmt: skip
def test_entities_are_found_and_typed(text: str, expected: list[tuple[str, str]]) -> None:
    assert _entities(text) == expected


def test_a_capitalised_sentence_start_is_not_a_name() -> None:
    assert _entities("Người dân bức xúc. Trời mưa to.") == []


def test_repeated_entities_are_counted_once_with_their_count() -> None:
    found = find_entities(segment_words("Đà Nẵng mưa lớn. Người dân Đà Nẵng dọn dẹp, Đà Nẵng hỗ trợ."))
    assert [(entity.text, entity.count) for entity in found] == [("Đà Nẵng", 3)]


def test_acronyms_of_known_organisations_are_organisations() -> None:
    assert ("WHO", "ORG") in _entities("Theo WHO, số ca mắc tăng.")


def test_underthesea_ner_is_available_as_the_slow_method() -> None:
    from langnghe.nlp import annotate_texts

    result = annotate_texts(["Ông Nguyễn Văn An làm việc tại Hà Nội."], entities="crf")[0]
    assert all(entity.label in ("PER", "LOC", "ORG", "MISC") for entity in result.entities)
    assert any(entity.text == "Hà Nội" and entity.label == "LOC" for entity in result.entities)
