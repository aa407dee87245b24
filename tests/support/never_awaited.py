"""Catch "coroutine … was never awaited" reliably.

Python emits that RuntimeWarning from the coroutine's finalizer, so
`-W error::RuntimeWarning` does not fail a test: the error is raised where
nobody can catch it and only reported as "unraisable". Recording warnings
around the student's call, with a garbage collection before the recording
stops, sees every coroutine that was created and dropped unawaited.
"""

from __future__ import annotations

import gc
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

_NAME = re.compile(r"coroutine '([^']+)' was never awaited")


@contextmanager
def record_never_awaited() -> Iterator[list[str]]:
    """Yield a list that holds, once the block ends, the short names of the
    coroutines that were never awaited inside it."""
    names: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield names
        finally:
            gc.collect()
    for warning in caught:
        match = _NAME.search(str(warning.message))
        if issubclass(warning.category, RuntimeWarning) and match:
            names.append(match.group(1).rsplit(".", 1)[-1])
        else:
            # Not ours to judge: emitted again, for whoever records around
            # this block (another test's recorder, pytest's summary).
            warnings.warn_explicit(
                warning.message,
                warning.category,
                warning.filename,
                warning.lineno,
                source=warning.source,
            )
