"""Shipped model artifacts (a package so that setuptools ships them in wheels); see MODEL_CARD.md."""
