"""Each wall-clock comparison of the hidden tests, logged for `nox -s stress`.

The hidden tests call `record(...)` where they compare a measured figure with
its bound. Normally nothing happens; when the environment variable
ASYNCIO_EXERCICES_MEASURES names a file, one JSON line per comparison is
appended to it, and the stress run reports the worst margin seen for each
bound: on the solutions, bound ÷ figure for an upper bound (how close a
correct answer came to failing), and on the wrong answers figure ÷ bound (how
close a wrong answer came to passing).
"""

from __future__ import annotations

import json
import os
from typing import Literal

VARIABLE = "ASYNCIO_EXERCICES_MEASURES"


def record(label: str, value: float, bound: float, kind: Literal["upper", "lower"]) -> None:
    """`kind` is "upper" when the figure must stay below the bound."""
    target = os.environ.get(VARIABLE)
    if not target:
        return
    line = json.dumps({"label": label, "value": value, "bound": bound, "kind": kind})
    with open(target, "a", encoding="utf-8") as out:  # one short write: atomic enough
        out.write(line + "\n")


def margin(value: float, bound: float, kind: str, *, correct: bool) -> float:
    """How far the figure stayed on its side of the bound (> 1 is the right side)."""
    tiny = 1e-9
    if kind == "upper":
        return bound / max(value, tiny) if correct else value / bound
    return value / bound if correct else bound / max(value, tiny)
