"""The query service: read-only queries returning typed responses for the CLI, reports and the HTTP API."""
