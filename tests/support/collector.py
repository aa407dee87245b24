"""Blocks where Python's garbage collector does not run by itself.

A pass of the collector happens at a moment of chance, and two kinds of
measure must not depend on it:
- a connection (or any resource) the student's code forgot to close is closed
  by Python when it is collected: ex10 watches for a while whether the code
  closed it (tests/support/tcp_lines.py);
- a pass costs the thread that runs it tens of milliseconds on a large heap,
  and the loop's thread, if it runs it or waits for the GIL meanwhile, is late
  by as much: ex01 judges the loop's lateness to 0.4 × a wait of 80 to 120 ms
  (a pass cost a right answer 35 to 160 ms, 3 times in 1,500 rounds of the
  stress plugin under a load of 10).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def no_garbage_collection() -> Iterator[None]:
    """No automatic garbage collection in the block (gc.collect() still works)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
