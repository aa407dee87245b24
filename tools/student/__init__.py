"""The student's commands (`nox -s hint`, `nox -s watch`, `nox -s reset`) and
what a pytest run shows them: the French verdicts, the progress table, nox in
French. Ships to the students."""
