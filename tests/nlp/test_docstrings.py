"""The Vietnamese examples in the NLP docstrings are true."""

from __future__ import annotations

import doctest
import importlib

import pytest

# By name: the facade's normalize() function shadows the normalize module attribute.
MODULES = ["langnghe.nlp", "langnghe.nlp.normalize", "langnghe.nlp.gazetteer", "langnghe.nlp.keywords",
           "langnghe.nlp.duplicates", "langnghe.nlp.segment", "langnghe.nlp.social", "langnghe.nlp.entities",
           "langnghe.nlp.features", "langnghe.nlp.misinfo"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
