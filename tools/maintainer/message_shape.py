"""The shape of a failure message, as the tests write it for a student.

    [NN · titre] Le problème, en une phrase.
      Appel    : …
      Observé  : …
      Attendu  : …
      Conseil  : …
      Promesse : …
      À relire : …

(tests/support/student.py, `Student.fail`). Each section says something on
its line, or on the more indented lines below it (a traceback). The checks
that read every message (the self-check on the stubs and the mutants, the
hostile copies) use this to see a section that came out empty: a beginner
would read that nothing was observed.
"""

from __future__ import annotations

import re

# A section's name, then what it says on its line.
_SECTION = re.compile(r"^  (Appel|Observé|Attendu|Conseil|Promesse|À relire)\s*:(.*)$")


def empty_sections(message: str) -> list[str]:
    """The sections of `message` (in the course's shape) that say nothing."""
    empty: list[str] = []
    current: str | None = None  # the section being read, None outside them
    said = False
    for line in message.splitlines():
        section = _SECTION.match(line)
        if section or not line.startswith("   "):
            if current is not None and not said:
                empty.append(current)
            current = section.group(1) if section else None
            said = bool(section and section.group(2).strip())
        else:
            said = said or bool(line.strip())
    if current is not None and not said:
        empty.append(current)
    return empty
