"""The project's own checks, for whoever maintains the exercises:
`nox -s check` (selfcheck, hostile), `nox -s stress`, `nox -s bench`, the
margins of the timing bounds, the statements' requirement sections and the
Debian sid chroot where .ci/run checks the CPythons the machine lacks.
Never shipped to the students."""
