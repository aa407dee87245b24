"""The teacher's commands: `nox -s template` (the student repository),
`nox -s regrade` (the authoritative grades of a class), `nox -s classroom50`
(the Classroom 50 bundle). Never shipped to the students."""
