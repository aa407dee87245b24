"""The project's own checks, for whoever maintains the exercises:
`nox -s check` (selfcheck, hostile), `nox -s stress`, `nox -s bench`, the
margins of the timing bounds and the statements' requirement sections.
Never shipped to the students."""
