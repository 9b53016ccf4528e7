from __future__ import annotations

import subprocess
import sys
import unicodedata

from langnghe.nlp import segment
from langnghe.nlp.segment import FastSegmenter, pre_tokenize
from langnghe.nlp.segment import cut, segment_words  # noqa: I001


def test_segment_joins_syllables_of_a_word() -> None:
    tokens = segment("Ô nhiễm không khí ở Hà Nội đang ở mức báo động.")
    assert "Ô_nhiễm" in tokens
    assert "Hà_Nội" in tokens
    assert "." not in tokens


def test_segment_normalises_first() -> None:
    assert segment(unicodedata.normalize("NFD", "người dân")) == segment("người dân")


def test_segment_words_keeps_punctuation_and_handles_empty_text() -> None:
    assert segment_words("Mưa lớn.")[-1] == "."
    assert segment_words("") == []
    assert segment_words("   ") == []


def test_cut_does_not_split_a_word() -> None:
    assert cut("một hai ba bốn", 9) == "một hai"
    assert cut("ngắn", 100) == "ngắn"


def test_importing_the_facade_loads_no_model_library() -> None:
    code = "import sys, langnghe.nlp; print('underthesea' in sys.modules, 'sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split() == ["False", "False"]


def _segmenter() -> FastSegmenter:
    counts = {"học": 50, "sinh": 20, "học sinh": 40, "sinh học": 5, "ô nhiễm": 30, "ô": 3, "nhiễm": 2, "ở": 80}
    return FastSegmenter(counts)


def test_fast_segmenter_picks_the_more_probable_split() -> None:
    # "học sinh học": học_sinh + học (40 x 50) beats học + sinh_học (50 x 5).
    assert _segmenter().split(["học", "sinh", "học"]) == ["học_sinh", "học"]
    assert _segmenter().split(["Ô", "nhiễm", "ở", "đây"]) == ["Ô_nhiễm", "ở", "đây"]


def test_fast_segmenter_joins_capitalised_runs_as_names_but_prefers_known_words() -> None:
    assert _segmenter().split(["ở", "Mộc", "Châu", "."]) == ["ở", "Mộc_Châu", "."]
    assert _segmenter().split(["Học", "Sinh", "Học"]) == ["Học_Sinh", "Học"]  # known words are cheaper than a name


def test_pre_tokenize_keeps_numbers_and_abbreviations_whole() -> None:
    assert pre_tokenize("Ngày 12/3, TP.HCM có 1,5% ca COVID-19; đồng/lượng.") == [
        "Ngày", "12/3", ",", "TP.HCM", "có", "1,5%", "ca", "COVID-19", ";", "đồng", "/", "lượng", ".",
    ]  # fmt: skip


def test_shipped_lexicon_segments_like_underthesea_on_common_words() -> None:
    text = "Người dân phản ánh tình trạng ô nhiễm nghiêm trọng ở Hưng Yên."
    assert segment_words(text) == segment_words(text, method="crf")


def test_lexicon_selection_keeps_words_joined_most_of_the_time() -> None:
    from collections import Counter

    from langnghe.nlp.lexicon import count_occurrences, select_entries

    joined = Counter({"ô nhiễm": 9, "là người": 3})
    token_lists = [["ô", "nhiễm"]] * 10 + [["là", "người"]] * 12
    occurrences = count_occurrences(token_lists, set(joined))
    assert occurrences == Counter({"ô nhiễm": 10, "là người": 12})
    entries = select_entries(joined, Counter({"ô": 1, "là": 9}), occurrences, min_count=3, min_rate=0.5)
    assert entries == {"ô": 1, "là": 9, "ô nhiễm": 9}


def test_lexicon_round_trips_through_its_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from langnghe.nlp.lexicon import read_lexicon, write_lexicon

    path = tmp_path / "seg.tsv.gz"
    write_lexicon({"ô nhiễm": 9, "ở": 4}, path, "test")
    first = path.read_bytes()
    write_lexicon({"ô nhiễm": 9, "ở": 4}, path, "test")
    assert read_lexicon(path) == {"ô nhiễm": 9, "ở": 4}
    assert path.read_bytes() == first  # reproducible bytes: a retrain without changes shows no diff


def test_train_segmenter_builds_a_lexicon_the_segmenter_reads(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import lzma

    from typer.testing import CliRunner

    from langnghe.cli import app

    corpus = tmp_path / "data" / "corpus"
    corpus.mkdir(parents=True)
    lines = ["Người dân phản ánh tình trạng ô nhiễm môi trường kéo dài.", "",
             "Chính quyền địa phương cho biết sẽ kiểm tra ô nhiễm môi trường."] * 4
    with lzma.open(corpus / "news.txt.xz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    result = CliRunner().invoke(app, ["train", "segmenter", "--data", str(tmp_path / "data"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    segmenter = FastSegmenter.load(tmp_path / "segmenter-v1.tsv.gz")
    assert segmenter.split(["ô", "nhiễm", "môi", "trường"]) == ["ô_nhiễm", "môi_trường"]
