"""Data files of the NLP stage (a package so that setuptools ships them in wheels)."""
