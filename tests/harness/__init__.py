"""Test support shared by every exercise's tests.

Kept free of heavy imports: worker processes started with `spawn` or
`forkserver` import `tests.harness.cpu_job`, and therefore this package.
"""
