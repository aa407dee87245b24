"""The grading engine: what a push runs (`nox -s grade`, the GitHub workflow,
Classroom 50, the teacher's re-grade). One pytest process per exercise,
confined and timed; signed results; the report, the job summary and the
annotations. Ships to the students: their push grades with it."""
