"""Typed stores behind ports: stories, detections, source health (one place names every path: paths.py)."""
