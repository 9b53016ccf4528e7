"""The annotating worker pool: the same results as in the calling process, in order; a worker
that dies is the batch's problem once (the pool starts again); a missing model stays itself."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from langnghe.errors import ModelMissingError
from langnghe.nlp import annotate_texts
from langnghe.nlp.pool import AnnotatePool, WorkerDied, slices

TEXTS = [
    "Bệnh viện Bạch Mai tiếp nhận nhiều ca sốt xuất huyết, bác sĩ khuyến cáo người dân diệt muỗi.",
    "Đội tuyển Việt Nam thắng 3-0, cổ động viên ở Hà Nội vui mừng.",
    "ko hiểu sao giá xăng cứ tăng hoài, lương thì chẳng tăng đồng nào :(((",
    "",
    "Mưa lớn kéo dài khiến nhiều tuyến đường ở Hà Giang và Lào Cai bị sạt lở.",
]


def test_slices_cover_every_text_once_in_order() -> None:
    assert slices(5, 2) == [(0, 3), (3, 5)]
    assert slices(1, 4) == [(0, 1)]
    assert slices(8, 4) == [(0, 2), (2, 4), (4, 6), (6, 8)]


def test_the_pool_annotates_as_the_calling_process_and_survives_a_dead_worker() -> None:
    pool = AnnotatePool(2)
    try:
        texts = TEXTS * 3
        assert pool.annotate(texts) == annotate_texts(texts)
        executor = pool._executor
        assert executor is not None
        os.kill(next(iter(executor._processes)), signal.SIGKILL)  # type: ignore[attr-defined]
        for _ in range(200):  # until the executor has seen the death (else the live worker may take every slice)
            if executor._broken:  # type: ignore[attr-defined]
                break
            time.sleep(0.05)
        with pytest.raises(WorkerDied):
            pool.annotate(texts)
        assert pool.annotate(texts[:2]) == annotate_texts(texts[:2])  # a new pool
    finally:
        pool.close()


def test_a_missing_model_is_raised_as_itself(tmp_path: Path) -> None:
    """Not an item's fault: the stage base gives the batch back without spending attempts."""
    pool = AnnotatePool(2, model_dir=tmp_path)
    try:
        with pytest.raises(ModelMissingError):
            pool.annotate(TEXTS)
    finally:
        pool.close()
