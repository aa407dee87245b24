"""Numbers written the French way, with a decimal comma: "0,048 s", "1,5", "30".

Every number with decimals that a person reads (a failure message, the
grader's table and summary, the teacher's tools) is formatted here, so that
"0,05 s" and "0.048 s" never meet in the same text. Not for data: JSON keeps
JSON numbers, notes.csv holds whole numbers only, a command-line argument
stays what Python parses, and Python code shown to a student (the `Appel`
line of a failure: `saluer('Ada', 0.05)`) keeps Python's decimal point.

tests/unit/test_french.py fails on a float format (`:.2f`, `:g`, `%.1f`…)
anywhere else in the harness, the tests and conftest.py; the self-check fails
on an English decimal in a failure message.
"""

from __future__ import annotations

import math
import sys


def _comma(text: str) -> str:
    return text.replace(".", ",")


def _infinite(value: float) -> str | None:
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    return None


def decimal(value: float, digits: int) -> str:
    """`value` with exactly `digits` decimals: decimal(0.0481, 3) == "0,048",
    decimal(16.72, 1) == "16,7", decimal(3.6, 0) == "4". A value that rounds
    to zero loses its minus sign ("0,0", never "-0,0")."""
    return _infinite(value) or _comma(f"{value:z.{digits}f}")


def number(value: float) -> str:
    """As short as Python's `:g` writes it (6 significant digits, no trailing
    zero): number(1.5) == "1,5", number(30.0) == "30", number(0.05) == "0,05"."""
    return _infinite(value) or _comma(f"{value:zg}")


def percent(ratio: float, digits: int = 0) -> str:
    """A ratio as a percentage, with the space French puts before "%":
    percent(0.5) == "50 %", percent(0.125, 1) == "12,5 %"."""
    return f"{decimal(ratio * 100, digits)} %"


def tolerant_console() -> None:
    """Never crash on an accent: a Windows console or a redirected output may
    not encode every character of a French message; those are replaced."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
