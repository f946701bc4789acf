"""Benchmarks run only on request: `python3 -m pytest tests/benchmarks -s -p no:cacheprovider`."""
