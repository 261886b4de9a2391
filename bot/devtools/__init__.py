"""Tools for measuring hoidap, apart from the answer path: the benchmark (bench.py) against
the naive recipe (naive.py) on a corpus of any size (scale.py), the load test (loadtest.py),
and a served process on a free port for both (serving.py)."""
