"""Benchmarks run by `make bench-nlu`; not part of the test suite."""
