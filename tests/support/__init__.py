"""What the tests import to measure the students' code: clocks, concurrency
counters, loop lag, leftover tasks, never-awaited coroutines, the `student`
fixture's helper, and one module per exercise topic (fake services, servers,
kitchens and their checks). Ships to the students with tests/public/.

Kept free of heavy imports: worker processes started with `spawn` or
`forkserver` import `tests.support.cpu_job`, and therefore this package.
"""
