"""The product's tools, one package per audience.

    tools/common/      what every tool reads: paths, the manifest, French numbers, commands
    tools/grading/     the grading engine, what a push runs (nox -s grade, the workflow)
    tools/student/     the student's commands and pytest output (hint, watch, progress)
    tools/teacher/     the teacher's commands (template, regrade, classroom50)
    tools/maintainer/  the project's own checks (selfcheck, hostile, stress, bench, margins)

The first three ship to the students (tools.common.paths.RUNTIME_PACKAGES);
tools/teacher and tools/maintainer never do. What the tests import to
measure the students' code lives in tests/support/.
"""
