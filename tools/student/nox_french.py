"""nox's own lines in French, and the noise of the students' sessions gone.

nox frames every session with English lines ("Running session run",
"Command python -m pytest … failed with exit code 1", "Session run failed.",
"Missing interpreters will error by default on CI systems."). To a beginner
reading French messages, the first and last lines of the run are English and
look like a crash. `install()` adds a logging filter to nox's logger, from
the noxfile:

- every line nox writes that this module knows is written in French;
- inside the students' sessions (`run`, `grade`, `hint`, `watch`…), the lines
  that only concern the tool (the command it runs, the environment reused,
  the session's start and success) are left out: the session's own output
  says what happened;
- a line it does not know passes unchanged: a newer nox loses only the
  translation, never the information.

`nox … -- --complet` (or nox's `--verbose`) shows nox's lines as nox wrote them.

Imported by noxfile.py, so it runs on nox's own Python: the standard library
only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable

DROP = None  # a rule's result: leave the line out

Rule = tuple[re.Pattern[str], Callable[[re.Match[str], bool], str | None]]

_DURATIONS = (
    (re.compile(r"\ba moment\b"), "un instant"),
    (re.compile(r"\ba second\b"), "1 s"),
    (re.compile(r"\b(\d+) seconds\b"), r"\1 s"),
    (re.compile(r"\ba minute\b"), "1 min"),
    (re.compile(r"\b(\d+) minutes\b"), r"\1 min"),
    (re.compile(r"\ban hour\b"), "1 h"),
    (re.compile(r"\b(\d+) hours\b"), r"\1 h"),
)
_STATUS = {
    "success": "réussie",
    "failed": "en échec",
    "skipped": "sautée",
    "aborted": "abandonnée",
}


def duration(text: str) -> str:
    for pattern, replacement in _DURATIONS:
        text = pattern.sub(replacement, text)
    return text


def _reason(text: str) -> str:
    found = re.fullmatch(r"Python interpreter (\S+) not found", text)
    return f"Python {found[1]} introuvable" if found else text


def _took(match: re.Match[str], before: str = " en ") -> str:
    took = match.groupdict().get("took")
    return f"{before}{duration(took)}" if took else ""


def _running(m: re.Match[str], student: bool) -> str | None:
    return DROP if student else f"Session {m['name']}"


def _creating(m: re.Match[str], student: bool) -> str | None:
    return (
        f"Préparation de l'environnement de test ({m['python']}, dans {m['where']}) : "
        "la première fois seulement, quelques secondes…"
    )


def _dropped(m: re.Match[str], student: bool) -> str | None:
    return DROP


def _skipped(m: re.Match[str], student: bool) -> str | None:
    return f"Session {m['name']} sautée : {_reason(m['reason'])}."


def _successful(m: re.Match[str], student: bool) -> str | None:
    return DROP if student else f"Session {m['name']} réussie{_took(m)}."


def _failed(m: re.Match[str], student: bool) -> str | None:
    reason = f" : {m['reason']}" if m["reason"] else ""
    return f"Session {m['name']} en échec{reason}{_took(m, ', en ')}."


def _interrupted(m: re.Match[str], student: bool) -> str | None:
    return f"Session {m['name']} interrompue."


def _command_failed(m: re.Match[str], student: bool) -> str | None:
    return f"La commande {m['command']} a échoué (code de sortie {m['code']})."


def _ran(m: re.Match[str], student: bool) -> str | None:
    return f"{m['count']} sessions lancées{_took(m)} :"


def _summary_line(m: re.Match[str], student: bool) -> str | None:
    reason = f" ({_reason(m['reason'])})" if m["reason"] else ""
    return f"* {m['name']} : {_STATUS.get(m['status'], m['status'])}{reason}{_took(m, ', en ')}"


def _program(m: re.Match[str], student: bool) -> str | None:
    return f"Programme {m['program']} introuvable."


def _no_session(m: re.Match[str], student: bool) -> str | None:
    return f"Session {m['name']} introuvable (nox -l les liste toutes)."


RULES: tuple[Rule, ...] = tuple(
    (re.compile(pattern), handler)
    for pattern, handler in (
        (r"Running session (?P<name>.+)", _running),
        (
            r"Creating virtual environment \((?P<backend>[\w|]+)\) using (?P<python>\S+) "
            r"in (?P<where>.+)",
            _creating,
        ),
        (r"Reusing existing virtual environment at .+", _dropped),
        (r"Missing interpreters will error by default on CI systems\.", _dropped),
        (r"Session (?P<name>.+) skipped: (?P<reason>.+)\.", _skipped),
        (r"Session (?P<name>.+) was successful(?: in (?P<took>.+))?\.", _successful),
        (
            r"Session (?P<name>.+) failed(?:: (?P<reason>.+?))?(?: \(took (?P<took>.+)\))?\.",
            _failed,
        ),
        (r"Session (?P<name>.+) interrupted\.", _interrupted),
        (r"Command (?P<command>.+) failed with exit code (?P<code>-?\d+):?", _command_failed),
        (r"Ran (?P<count>\d+) sessions(?: in (?P<took>.+))?:", _ran),
        (
            r"\* (?P<name>\S+): (?P<status>\w+)(?: \((?P<reason>.+)\))?(?:, took (?P<took>.+))?",
            _summary_line,
        ),
        (r"Program (?P<program>.+) not found\.", _program),
        (r"Session (?P<name>.+) not found\.", _no_session),
    )
)


class FrenchNox(logging.Filter):
    """The filter on nox's logger (see the module's docstring)."""

    def __init__(self, student_sessions: Iterable[str]) -> None:
        super().__init__()
        self.student_sessions = frozenset(student_sessions)
        self.student = False  # inside one of the students' sessions

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        started = re.fullmatch(r"Running session (\S+)", message)
        if started:
            self.student = started[1].split("-")[0] in self.student_sessions
        for pattern, translate in RULES:
            found = pattern.fullmatch(message)
            if found:
                text = translate(found, self.student)
                if text is DROP:
                    return False
                record.msg, record.args = text, ()
                return True
        # The command a students' session runs: its own output follows.
        return not (self.student and record.levelno == logging.INFO)


def install(student_sessions: Iterable[str], logger_name: str = "nox") -> FrenchNox:
    found = FrenchNox(student_sessions)
    logging.getLogger(logger_name).addFilter(found)
    return found
