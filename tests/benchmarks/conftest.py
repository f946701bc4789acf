"""Benchmarks run only on request, in one process (-n0: timings undisturbed, -s prints them):
`python3 -m pytest tests/benchmarks -s -n0 -p no:cacheprovider`."""
