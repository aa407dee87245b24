"""The exfiltration corpus: student code that tries to get out of the re-grade's sandbox.

    python -m tools.maintainer.exfiltration [--sans-isolation] [-k MOT] [--garder]

Every case of tests/exfiltration/ is one student's file for one exercise
(line `Exercice :`), graded by the real re-grade (`python -m
tools.teacher.regrade`, run from a copy of this repository) next to the
reference solution of a control exercise. Before the grading this runner
plants what an attacker would want:
- canary files: the teacher's `~/.config/gh/hosts.yml` (the re-grade runs with
  a HOME of its own) and `solutions/.canari` in the teacher's copy;
- a TCP listener per case, outside the sandbox, on a non-loopback address of
  the machine when it has one (else 127.0.0.1);
- an empty folder per case outside the workspace, and a marker per case.
The case's markers (`__PORT__`, `__HOTE__`, `__CANARI_HOME__`,
`__CANARI_SOLUTIONS__`, `__DEHORS__`, `__MARQUEUR__`) are replaced by these
before the grading: the corpus tests the sandbox, not the attacker's guesses.

After the re-grade each case must show: both canaries unchanged, its
listener never reached, its folder still empty, no /tmp/<marker>.txt, no
canary text anywhere in the re-grade's output, no process left alive (this
runner adopts orphans, then looks for its descendants and for the marker in
every command line), 0 points for its own exercise, and full points for the
control exercise. Exit status 1 when one case breaks out.

What a case can only see from inside (a name resolved, a route to an
address that is not this machine's) it reports itself: its docstring names
the observations (line `Observe : dns route`), and its code puts
`__MARQUEUR__:dns=oui|non` in its failure message, which ends in the
re-grade's output for that submission, where this runner reads it. An
observation missing from the output is a fault: then nothing was proven.

`--sans-isolation` grades the same cases without the sandbox, for contrast,
and proves that the detectors above can fail: each case declares whether it
gets out without the sandbox (line `Attendu sans bac à sable : sorti` or
`contenu`; the grader's own process groups and memory cap hold some of them
even there), and the exit status is 1 when a case does not do what it
declares. Any fault (a re-grade that failed, an error row, an observation
missing) is exit status 1 in both modes. Linux only: the sandbox is
bubblewrap.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from tools.common import french
from tools.common.manifest import load_manifest
from tools.common.paths import ROOT, TREES
from tools.grading.processes import adopt_orphans
from tools.teacher.regrade import read_csv

CASES_DIR = ROOT / "tests" / "exfiltration"
CONTROL = "ex04_await_oublie"
# What the teacher's copy leaves out: caches, environments, outputs.
NOT_COPIED = (".git", ".nox", ".ci", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache")
TIME_LIMIT = 600.0  # the whole re-grade; a case that hangs is stopped by its budgets long before
GRACE = 2.0  # for killed processes to disappear
_FIELD = re.compile(r"^Exercice[ \t]*:[ \t]*(ex\d{2}_\w+)[ \t]*$", re.MULTILINE)
_EXPECTED = re.compile(
    r"^Attendu sans bac à sable[ \t]*:[ \t]*(sorti|contenu)[ \t]*$", re.MULTILINE
)
_OBSERVES = re.compile(r"^Observe[ \t]*:[ \t]*(.*?)[ \t]*$", re.MULTILINE)
# What a case may report from inside the sandbox, and what "oui" means there.
OBSERVATIONS = {
    "dns": "a résolu un nom de domaine",
    "route": "a une route vers une adresse hors de la machine (1.1.1.1)",
}


@dataclass(frozen=True)
class Case:
    name: str
    exercise: str
    path: Path
    summary: str
    escapes_without_sandbox: bool = False
    observes: tuple[str, ...] = ()


@dataclass
class Verdict:
    case: Case
    problems: list[str] = field(default_factory=list)  # what got out
    faults: list[str] = field(default_factory=list)  # what keeps the run from proving anything
    case_points: str = ""
    control_points: str = ""


class Listener:
    """A TCP server outside the sandbox that records every connection."""

    def __init__(self, host: str) -> None:
        self.socket = socket.create_server(("0.0.0.0", 0))
        self.port = int(self.socket.getsockname()[1])
        self.host = host
        self.received: list[bytes] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(3)
                data = b""
                try:
                    while chunk := connection.recv(4096):
                        data += chunk
                except OSError:
                    pass
                self.received.append(data)

    def close(self) -> None:
        self.socket.close()


def load_cases(folder: Path = CASES_DIR) -> list[Case]:
    known = {ex.id for ex in load_manifest()}
    cases = []
    for path in sorted(folder.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        match = _FIELD.search(text)
        if match is None or match[1] not in known:
            raise ValueError(f"{path.name} : ligne « Exercice : exNN_nom » absente ou inconnue")
        if match[1] == CONTROL:
            raise ValueError(f"{path.name} : {CONTROL} est l'exercice témoin")
        expected = _EXPECTED.search(text)
        if expected is None:
            raise ValueError(
                f"{path.name} : ligne « Attendu sans bac à sable : sorti » (ou « contenu ») absente"
            )
        observes_line = _OBSERVES.search(text)
        observes = tuple(observes_line[1].split()) if observes_line else ()
        unknown = [name for name in observes if name not in OBSERVATIONS]
        if unknown:
            raise ValueError(f"{path.name} : observation inconnue {', '.join(unknown)}")
        summary = text.split('"""')[1].strip().splitlines()[0] if '"""' in text else path.stem
        cases.append(Case(path.stem, match[1], path, summary, expected[1] == "sorti", observes))
    return cases


def read_observations(folder: Path, marker: str) -> dict[str, set[str]]:
    """What the case reported from inside (`marker:name=oui|non`), from every
    file of its re-grade output; a value seen twice different is kept twice."""
    pattern = re.compile(re.escape(marker) + r":(\w+)=(oui|non)")
    seen: dict[str, set[str]] = {}
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                text = path.read_bytes().decode("utf-8", errors="replace")
                for name, value in pattern.findall(text):
                    seen.setdefault(name, set()).add(value)
    return seen


def judge_observations(verdict: Verdict, seen: dict[str, set[str]]) -> None:
    for name in verdict.case.observes:
        if name not in seen:
            verdict.faults.append(
                f"observation « {name} » absente des résultats : rien n'est prouvé pour elle"
            )
        elif "oui" in seen[name]:
            verdict.problems.append(OBSERVATIONS[name])


def judge_row(
    verdict: Verdict, row: dict[str, str], case_column: str, control_column: str, full: int
) -> None:
    """The case's row of notes.csv: no error, 0 for its exercise (a hostile
    copy that gets points has changed the grading), `full` for the control."""
    verdict.case_points = row[case_column]
    verdict.control_points = row[control_column]
    if "ERREUR" in row["drapeaux"]:
        verdict.faults.append(f"ligne en erreur : {row['drapeaux']}")
    if verdict.case_points != "0":
        verdict.problems.append(
            f"la copie a obtenu {verdict.case_points or '—'} point(s) au lieu de 0"
        )
    if verdict.control_points != str(full):
        verdict.problems.append(
            f"l'exercice témoin n'a que {verdict.control_points or '—'} point(s)"
        )


def contrast_failures(verdicts: Sequence[Verdict]) -> list[str]:
    """Without the sandbox: the cases that did not do what they declare. A
    case expected out that stays in means a detector that cannot see."""
    failures = []
    for verdict in verdicts:
        escaped = bool(verdict.problems)
        if verdict.case.escapes_without_sandbox and not escaped:
            failures.append(
                f"{verdict.case.name} : aucune sortie vue sans bac à sable, alors qu'elle est "
                "attendue ; un détecteur de ce lanceur ne voit plus rien"
            )
        elif escaped and not verdict.case.escapes_without_sandbox:
            failures.append(
                f"{verdict.case.name} : sortie sans bac à sable, alors qu'elle est déclarée "
                "« contenu » ; les défenses du correcteur ont cédé, ou la ligne « Attendu » "
                "est fausse"
            )
    return failures


def exit_status(verdicts: Sequence[Verdict], isolated: bool) -> int:
    if any(verdict.faults for verdict in verdicts):
        return 1
    if isolated:
        return 1 if any(verdict.problems for verdict in verdicts) else 0
    return 1 if contrast_failures(verdicts) else 0


def machine_address() -> str:
    """An address of this machine that is not loopback, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # UDP: nothing is sent
            address = str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"
    return address if not address.startswith("127.") else "127.0.0.1"


def digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def copy_teacher(destination: Path) -> None:
    shutil.copytree(ROOT, destination, ignore=shutil.ignore_patterns(*NOT_COPIED, "notes-*"))


def text_in(folder: Path, needles: Sequence[str]) -> list[str]:
    """Files of `folder` that contain one of `needles`."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            content = path.read_bytes().decode("utf-8", errors="replace")
            if any(needle in content for needle in needles):
                found.append(path.relative_to(folder).as_posix())
    return found


def marked_processes(markers: Sequence[str]) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter():
        try:
            command = " ".join(process.cmdline())
        except psutil.Error:
            continue
        if process.pid != os.getpid() and any(marker in command for marker in markers):
            found.append(process)
    return found


def run_cases(cases: Sequence[Case], *, isolated: bool, keep: bool = False) -> list[Verdict]:
    adopt_orphans()  # a daemon that escapes the re-grade comes back to us
    tmp = Path(tempfile.mkdtemp(prefix="exfiltration-"))
    listeners: dict[str, Listener] = {}
    try:
        teacher = tmp / "enseignant"
        copy_teacher(teacher)
        home = tmp / "home"
        # One pair of canaries per case, so that what one case reads or
        # spoils is told apart from another's.
        canaries: dict[str, dict[Path, str | None]] = {}
        secrets_of: dict[str, list[str]] = {}
        for case in cases:
            in_home = home / ".config" / "gh" / case.name / "hosts.yml"
            in_home.parent.mkdir(parents=True)
            secret_home = f"CANARI-HOME-{secrets.token_hex(8)}"
            in_home.write_text(f"github.com:\n    oauth_token: {secret_home}\n", encoding="utf-8")
            in_solutions = teacher / "solutions" / f".canari-{case.name}"
            secret_solutions = f"CANARI-SOLUTIONS-{secrets.token_hex(8)}"
            in_solutions.write_text(secret_solutions, encoding="utf-8")
            canaries[case.name] = {path: digest(path) for path in (in_home, in_solutions)}
            secrets_of[case.name] = [secret_home, secret_solutions]
        host = machine_address()
        manifest = {ex.id: ex for ex in load_manifest()}
        copies, markers, outside = tmp / "copies", {}, {}
        for case in cases:
            listeners[case.name] = listener = Listener(host)
            markers[case.name] = f"exfiltration-{secrets.token_hex(6)}"
            outside[case.name] = tmp / "dehors" / case.name
            outside[case.name].mkdir(parents=True)
            tree = copies / case.name / "exercises"
            tree.mkdir(parents=True)
            for ex_id in (case.exercise, CONTROL):
                ex = manifest[ex_id]
                shutil.copyfile(TREES["solutions"] / ex.file_name, tree / ex.file_name)
            code = case.path.read_text(encoding="utf-8")
            canary_home, canary_solutions = canaries[case.name]
            for mark, value in (
                ("__PORT__", str(listener.port)),
                ("__HOTE__", listener.host),
                ("__CANARI_HOME__", str(canary_home)),
                ("__CANARI_SOLUTIONS__", str(canary_solutions)),
                ("__DEHORS__", str(outside[case.name])),
                ("__MARQUEUR__", markers[case.name]),
            ):
                code = code.replace(mark, value)
            (tree / manifest[case.exercise].file_name).write_text(code, encoding="utf-8")
        numbers = sorted({manifest[c.exercise].number for c in cases} | {manifest[CONTROL].number})
        out = tmp / "notes"
        command = [
            sys.executable, "-m", "tools.teacher.regrade",
            *(str(copies / case.name) for case in cases),
            "--exercises", *numbers, "--out", str(out), "--jobs", "2",
        ]  # fmt: skip
        if not isolated:
            command.append("--sans-isolation")
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTEST_ADDOPTS")}
        env["HOME"] = str(home)
        done = subprocess.run(
            command, cwd=teacher, env=env, capture_output=True, text=True,
            encoding="utf-8", errors="replace", timeout=TIME_LIMIT, check=False,
        )  # fmt: skip
        time.sleep(GRACE)
        survivors = [
            process
            for process in [
                *psutil.Process().children(recursive=True),
                *marked_processes(list(markers.values())),
            ]
            if not _dead(process)
        ]
        rows = {}
        if (out / "notes.csv").is_file():
            header, lines = read_csv(out / "notes.csv")
            rows = {line[0]: dict(zip(header, line, strict=True)) for line in lines}
        verdicts = []
        for case in cases:
            verdict = Verdict(case)
            row = rows.get(case.name)
            if done.returncode != 0 or row is None:
                verdict.faults.append(
                    f"re-notation en échec (code {done.returncode}) : {done.stderr.strip()[-300:]}"
                )
            else:
                judge_row(
                    verdict,
                    row,
                    f"ex{manifest[case.exercise].number}",
                    f"ex{manifest[CONTROL].number}",
                    manifest[CONTROL].points,
                )
                judge_observations(verdict, read_observations(out / case.name, markers[case.name]))
            if listeners[case.name].received:
                what = b" | ".join(listeners[case.name].received)[:120]
                verdict.problems.append(f"le serveur témoin a reçu {what!r}")
            written = sorted(p.name for p in outside[case.name].iterdir())
            if written:
                verdict.problems.append("écrit hors de l'espace de travail : " + ", ".join(written))
            if Path(f"/tmp/{markers[case.name]}.txt").exists():
                verdict.problems.append(f"écrit /tmp/{markers[case.name]}.txt sur la machine")
            leaked = text_in(out, secrets_of[case.name]) if out.is_dir() else []
            if leaked:
                verdict.problems.append("canari dans les résultats : " + ", ".join(leaked))
            changed = [
                str(path.relative_to(tmp))
                for path, before in canaries[case.name].items()
                if digest(path) != before
            ]
            if changed:
                verdict.problems.append("canari modifié ou supprimé : " + ", ".join(changed))
            verdicts.append(verdict)
        alive = {p.pid: p for p in survivors}
        for verdict in verdicts:
            own = [
                pid
                for pid, process in alive.items()
                if _mentions(process, markers[verdict.case.name])
            ]
            if own:
                verdict.problems.append(f"processus encore en vie : {own}")
        unattributed = [
            pid for pid, p in alive.items() if not any(_mentions(p, m) for m in markers.values())
        ]
        if unattributed and verdicts:
            verdicts[0].problems.append(f"processus encore en vie (cas inconnu) : {unattributed}")
        return verdicts
    finally:
        for listener in listeners.values():
            listener.close()
        for process in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.Error):
                process.kill()
        if keep:
            print(f"Dossier gardé : {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _dead(process: psutil.Process) -> bool:
    """Gone, or a zombie: adopted (this runner is their subreaper), then reaped here."""
    try:
        if process.status() != psutil.STATUS_ZOMBIE:
            return False
    except psutil.Error:
        return True
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(process.pid, os.WNOHANG)
    return True


def _mentions(process: psutil.Process, marker: str) -> bool:
    try:
        return marker in " ".join(process.cmdline())
    except psutil.Error:
        return False


def render(verdicts: Sequence[Verdict], isolated: bool) -> str:
    header = f"{'Cas':<22} {'Ex.':<4} {'Points':>7} {'Témoin':>7}  Verdict"
    lines = [header if isolated else header + " (attendu)"]
    for verdict in verdicts:
        number = verdict.case.exercise[2:4]
        if isolated:
            state = "SORTI" if verdict.problems else "contenu"
        else:
            state = "sorti" if verdict.problems else "contenu"
            expected = "sorti" if verdict.case.escapes_without_sandbox else "contenu"
            state += f" ({expected})" if state == expected else f" (ATTENDU : {expected})"
        if verdict.faults:
            state += ", RIEN DE PROUVÉ"
        lines.append(
            f"{verdict.case.name:<22} {number:<4} {verdict.case_points or '—':>7} "
            f"{verdict.control_points or '—':>7}  {state}"
        )
        lines += [f"    - {problem}" for problem in verdict.problems]
        lines += [f"    ! {fault}" for fault in verdict.faults]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.maintainer.exfiltration",
        description="Des copies qui tentent de sortir du bac à sable de la re-notation.",
    )
    parser.add_argument(
        "-k", dest="keyword", default="", help="seulement les cas dont le nom contient MOT"
    )
    parser.add_argument(
        "--sans-isolation", action="store_true", help="pour comparaison, sans bac à sable"
    )
    parser.add_argument("--garder", action="store_true", help="garde le dossier de travail")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        print("Corpus d'exfiltration : Linux seulement (le bac à sable est bubblewrap).")
        return 0
    cases = [c for c in load_cases() if args.keyword in c.name]
    if not cases:
        parser.error(f"aucun cas ne correspond à {args.keyword!r}")
    isolated = not args.sans_isolation
    mode = "avec le bac à sable" if isolated else "SANS bac à sable (comparaison)"
    print(f"{len(cases)} copie(s) qui tentent de sortir, re-notation {mode}…", flush=True)
    start = time.perf_counter()
    verdicts = run_cases(cases, isolated=isolated, keep=args.garder)
    print(render(verdicts, isolated), end="")
    escaped = [v for v in verdicts if v.problems]
    elapsed = french.decimal(time.perf_counter() - start, 1)
    if not isolated:
        print(f"{len(escaped)}/{len(verdicts)} copie(s) sorties sans bac à sable, en {elapsed} s.")
        for failure in contrast_failures(verdicts):
            print(f"ÉCART : {failure}")
    else:
        print(f"{len(verdicts) - len(escaped)}/{len(verdicts)} copie(s) contenues, en {elapsed} s.")
    return exit_status(verdicts, isolated)


if __name__ == "__main__":
    sys.exit(main())
