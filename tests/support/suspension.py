"""Where a coroutine is suspended: the chain of coroutines it awaits, outermost first.

Shared by the queue's watchdog (tests/support/work_queue.py), which names what a
stuck task waits for, and the TCP server's checks (tests/support/tcp_lines.py),
which tell a handler waiting on a lock. Kept apart from both so that a change to
one exercise's kit does not touch the other's.
"""

from __future__ import annotations


def await_chain(awaitable: object) -> list[str]:
    """Qualified names of the coroutines `awaitable` is suspended in, outermost first."""
    names = []
    current: object = awaitable
    for _ in range(100):  # a chain is short; never loop on a strange object
        code = getattr(current, "cr_code", None) or getattr(current, "gi_code", None)
        if code is not None:
            names.append(str(code.co_qualname))
        following = getattr(current, "cr_await", None)
        if following is None:
            following = getattr(current, "gi_yieldfrom", None)
        if following is None:
            break
        current = following
    return names
