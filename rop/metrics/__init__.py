"""Observability: health checks (database, store) and Prometheus metrics (served by rop.api.ops).

Metrics are read from the database at scrape time, so every web node reports the state of the
whole installation (all workers on all machines), with no per-process registries to merge.
"""
