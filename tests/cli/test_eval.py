"""`langnghe eval`: the model's scores beside a plain baseline fitted on the train split in the same run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

POSITIVE = ["rất tốt", "tuyệt vời", "hài lòng lắm", "đáng tiền"]
NEGATIVE = ["quá tệ", "thất vọng", "kém chất lượng", "phí tiền"]


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def _rows(subjects: list[str]) -> list[dict[str, str]]:
    return [{"text": f"{subject} {words}", "label": label}
            for label, phrases in (("positive", POSITIVE), ("negative", NEGATIVE))
            for subject in subjects for words in phrases]


def _eval(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "langnghe.cli", "eval", "sentiment", *args],
                          capture_output=True, text=True, timeout=300, check=False)


def _datasets(tmp_path: Path) -> tuple[Path, Path]:
    """A tiny datasets folder laid out like ../shared/datasets, and a dev file."""
    data = tmp_path / "datasets"
    for dataset in ("uit_vsfc", "vlsp2016_sa", "aivivn2019_sa"):
        _write(data / dataset / "train.jsonl", _rows(["máy", "shop", "giày"]))
        _write(data / dataset / "dev.jsonl", [])
    dev = tmp_path / "dev.jsonl"
    _write(dev, _rows(["áo", "dịch vụ"]))
    return data, dev


def test_eval_json_keeps_its_shape_and_adds_the_baseline(tmp_path: Path) -> None:
    data, dev = _datasets(tmp_path)
    result = _eval("--data", str(dev), "--train-data", str(data), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {"signal", "model", "file", "n", "accuracy", "macro_f1", "weighted_f1", "per_class", "confusion"} <= set(report)
    baseline = report["baseline"]
    assert baseline["train_rows"] == 24  # distinct train texts: the three datasets share theirs, dedup keeps one
    assert baseline["n"] == report["n"] == 16
    assert {"accuracy", "macro_f1", "per_class", "confusion"} <= set(baseline)
    assert "TfidfVectorizer" in baseline["model"]
    plain = json.loads(_eval("--data", str(dev), "--no-baseline", "--json").stdout)
    assert "baseline" not in plain
    assert {key: value for key, value in report.items() if key != "baseline"} == plain


def test_eval_prints_the_model_beside_the_baseline_in_vietnamese(tmp_path: Path) -> None:
    data, dev = _datasets(tmp_path)
    result = _eval("--data", str(dev), "--train-data", str(data))
    assert result.returncode == 0, result.stderr
    assert "So với mốc cơ sở" in result.stdout
    assert "mốc cơ sở" in result.stdout and "macro_f1" in result.stdout
    missing = _eval("--data", str(dev), "--train-data", str(tmp_path / "nowhere"))
    assert missing.returncode != 0
    assert "--train-data" in missing.stderr and "Traceback" not in missing.stderr
