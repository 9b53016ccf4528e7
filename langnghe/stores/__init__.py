"""Typed stores behind ports: stories, detections, source health, the alert ledger, the run log
(the claim store and the delivery outbox live in their lower-layer packages). Each is written once
on SQLAlchemy Core with its own Alembic branch (:mod:`langnghe.db`); one place names every path:
:mod:`langnghe.paths`."""
