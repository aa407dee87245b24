"""The commands a student is told to type, written in one place.

Every message that tells a student what to run next takes its command from
here, so that a change of command (a session renamed, a new default session)
is one edit. An exercise is named by its two-digit number ("03").
"""

from __future__ import annotations


def run_one(number: str) -> str:
    """Run the tests of one exercise, once."""
    return f"nox -- {number}"


def everything(number: str) -> str:
    """Every failure of one exercise, in full, as pytest reports them."""
    return f"nox -- {number} --complet"


def hint(number: str) -> str:
    """The first hint of one exercise."""
    return f"nox -s hint -- {number}"


def grade_all() -> str:
    """Grade every exercise, as GitHub does on each push."""
    return "nox -s grade"


def timeline(number: str) -> str:
    """One exercise's tests, with the timeline of its run even when it passes."""
    return f"nox -- {number} --chronologie"
