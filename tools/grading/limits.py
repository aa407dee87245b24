"""The memory cap of every graded exercise's processes (Linux; macOS and Windows have none).

A submission that allocates without end (a list that grows forever, a
recursion under a raised recursion limit: 4,8 GB seen before the time budget
stopped it) must cost its exercise only, not the grading machine. The grader
names the cap in the environment of each exercise's pytest process;
conftest.py applies it with `apply_from_environment()` before any student
module is imported, as RLIMIT_DATA (the private writable memory of a
process: heap, anonymous mappings, thread stacks), soft and hard, so that
the student's code and every process it starts inherit it and cannot raise
it (unless they run as root). Past the cap an allocation fails: Python
raises MemoryError (SystemError for the frame of a deep recursion), which
the tests report in French (`MEMORY_ADVICE`, tests/support/student.py).

The cap is per process: an exercise's process pool has it in each worker.
macOS accepts the limit but does not enforce it on memory obtained by mmap,
which is how Python allocates big blocks; Windows has no such limit (a job
object would be needed). The re-grade's sandbox sets the same cap, and a cap
on the number of processes (tools/teacher/sandbox.py).
"""

from __future__ import annotations

import contextlib
import os

from tools.common import french

MEMORY_VARIABLE = "ASYNCIO_EXERCICES_MEMOIRE_MAX"
# The exercises use a few tens of megabytes; a Python process with a thread
# pool reserves more address space than it uses, which RLIMIT_DATA does not count.
MAX_MEMORY_BYTES = 2 * 1024**3


def memory_text(limit: int = MAX_MEMORY_BYTES) -> str:
    return f"{french.number(limit / 1024**3)} Go"


MEMORY_ADVICE = (
    f"Mémoire épuisée : pendant la notation, chaque processus d'un exercice a droit à "
    f"{memory_text()} ; ton code en demandait davantage. Cherche ce qui grandit sans fin : "
    "une liste qu'on remplit dans une boucle qui ne s'arrête pas, une récursion sans cas "
    "d'arrêt, une tâche qui s'ajoute elle-même à une file."
)


def apply_from_environment() -> int | None:
    """Apply the cap the grader asked for, if any; return it (bytes)."""
    text = os.environ.pop(MEMORY_VARIABLE, "")
    if not text.isdigit():
        return None
    try:
        import resource  # POSIX only
    except ImportError:
        return None
    limit = int(text)
    with contextlib.suppress(ValueError, OSError):
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
        return limit
    return None
