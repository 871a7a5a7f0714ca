"""Batch: finding and hashing files (files), jobs and their results (jobs), the worker pool
(workers), the single writer (writer), progress (progress) and the ingest that runs them (ingest)."""
