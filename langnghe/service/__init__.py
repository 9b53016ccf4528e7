"""The query service: read-only queries returning typed responses for the CLI, reports and the HTTP API.

:class:`QueryService` (built on an :class:`~langnghe.app.App`) answers search (deep-paged),
facets, series, item, story, stories, trends, emerging issues, claims and source health.
"""

from langnghe.service.queries import QueryService

__all__ = ["QueryService"]
