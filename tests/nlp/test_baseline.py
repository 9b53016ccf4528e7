"""The plain baseline (TF-IDF word 1-2-grams + logistic regression) and the rule that compares with it."""

from __future__ import annotations

from langnghe.nlp.baseline import fit_baseline, shortfalls
from langnghe.nlp.candidates import pick
from langnghe.nlp.corpora import Corpus


def _corpus(rows: list[tuple[str, str]], dataset: str = "shop") -> Corpus:
    corpus = Corpus()
    for text, label in rows:
        corpus.add(text, label, dataset)
    return corpus


def test_baseline_reads_words_as_written_and_scores_in_the_models_label_order() -> None:
    train = _corpus([("hàng rất tốt", "positive"), ("giao hàng nhanh, tốt", "positive"),
                     ("hàng quá tệ", "negative"), ("giao chậm, tệ", "negative")] * 2)
    baseline = fit_baseline(train, ("negative", "positive", "neutral"))
    probabilities = baseline.predict_proba(["máy tốt", "máy tệ"])
    assert probabilities.shape == (2, 3)
    assert list(probabilities.argmax(axis=1)) == [1, 0]
    assert (probabilities[:, 2] == 0).all()  # a label the train split never had
    # No unaccented copies in its train split: typed without diacritics, the words are unknown to it.
    unaccented = baseline.report(["may tot", "may te"], ["positive", "negative"])
    assert unaccented["accuracy"] == 0.5
    assert baseline.train_rows == 8


def test_two_label_baseline_reports_roc_auc() -> None:
    train = _corpus([("khẩn cấp chia sẻ ngay", "unreliable"), ("theo bộ y tế", "reliable")] * 3)
    report = fit_baseline(train, ("reliable", "unreliable")).report(
        ["chia sẻ ngay", "bộ y tế cho biết"], ["unreliable", "reliable"])
    assert report["roc_auc"] == 1.0


def test_shortfalls_name_each_dev_set_and_measure_below_the_baseline() -> None:
    model = {"combined": {"accuracy": 0.9, "macro_f1": 0.7}, "vihsd": {"accuracy": 0.85, "macro_f1": 0.66}}
    baseline = {"combined": {"accuracy": 0.89, "macro_f1": 0.6, "weighted_f1": 0.99},
                "vihsd": {"accuracy": 0.86, "macro_f1": 0.55}, "unaccented": {"accuracy": 0.1}}
    assert shortfalls(model, baseline) == [
        "vihsd accuracy: model 0.85 < baseline 0.86",
        "unaccented accuracy: model None < baseline 0.1",
    ]
    assert shortfalls(model, {"combined": {"accuracy": 0.9, "macro_f1": 0.7}}) == []


def test_pick_prefers_a_candidate_not_below_the_baseline_then_macro_f1() -> None:
    tried = [
        {"dev_macro_f1": 0.80, "below_baseline": ["vlsp2019_hsd accuracy: model 0.94 < baseline 0.945"]},
        {"dev_macro_f1": 0.78, "below_baseline": []},
        {"dev_macro_f1": 0.79, "below_baseline": []},
    ]
    assert pick(tried) == 2
    # None eligible: the best macro-F1 (the caller says so aloud).
    assert pick([{**row, "below_baseline": ["x"]} for row in tried]) == 0


def test_a_source_holding_one_label_is_a_class_not_a_dev_set() -> None:
    import numpy as np

    from langnghe.nlp.baseline import report_sets

    dev = _corpus([("tin a", "article"), ("tin b", "article")], "register_article")
    for text in ("bài c", "bài d"):
        dev.add(text, "post", "register_post")
    dev.add("bài e", "article", "forum")
    dev.add("bài f", "post", "forum")
    scores = np.array([[0.9, 0.1], [0.2, 0.8], [0.3, 0.7], [0.4, 0.6], [0.6, 0.4], [0.1, 0.9]])
    sets = report_sets(("article", "post"), dev, scores, scores)
    assert set(sets) == {"combined", "unaccented", "forum"}
    assert sets["combined"]["accuracy"] == round(5 / 6, 4) and sets["forum"]["accuracy"] == 1.0
