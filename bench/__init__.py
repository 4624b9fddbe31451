"""Benchmarks and load tests, run by hand or in CI apart from the unit tests (``python -m bench.load``)."""
