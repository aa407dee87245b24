"""The course's rules (C1…), checked around every call of the student's code.

Some promises hold for every program of the course, not only in the exercise
that teaches them: the event loop is never blocked, nothing is left running
when a function returns, no task error is lost, no coroutine is left
unawaited. Each exercise lists in manifest.toml (`common`) the rules that
apply to it; `Student.outcome` wraps each call in `RuleWatch.watch`, which
measures all of them at once with the support kit (loop_lag, orphans,
never_awaited), and the `student` fixture reports the first rule broken once
the test itself has passed: an exercise's own, more precise check speaks
first.

The ids are the manifest's; only the measures live here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

from tests.support import measures
from tests.support.clock import perf_counter
from tests.support.loop_lag import LagMonitor
from tests.support.never_awaited import record_never_awaited
from tests.support.orphans import (
    Leftovers,
    LoopError,
    Silenced,
    never_retrieved,
    record_loop_errors,
    summarize,
    watch_silenced_errors,
)
from tools.common import french

BLOCKED = "C1"
LEFT_RUNNING = "C2"
LOST_ERROR = "C3"
NEVER_AWAITED = "C4"
KNOWN = (BLOCKED, LEFT_RUNNING, LOST_ERROR, NEVER_AWAITED)

# Worst lateness of a 5 ms heartbeat, time spent waiting for a CPU taken out
# (tests/support/loop_lag.py), above which the loop counts as blocked. The
# course's correct answers never run more than a few milliseconds between two
# awaits, yet `nox -s stress` (both cores kept busy, two gradings at once)
# measured up to 0,115 s on one of them over 580 gradings of the solutions
# and right answers: 0,3 s keeps a margin above 2,5 there.
# The push's grading runs on Linux, where that waiting is known. Elsewhere
# (a student's macOS or Windows laptop, busy with other programs) the whole
# lateness counts, so the bound is wider: a false alarm at home would send a
# student hunting a mistake that is not there.
BLOCK_LIMIT = 0.3
BLOCK_LIMIT_UNCORRECTED = 0.6


@dataclass(frozen=True)
class Violation:
    """One rule broken during one call: what the fixture reports."""

    rule: str
    problem: str
    observed: str
    expected: str
    advice: str
    call: str


class RuleWatch:
    """Measures one call of the student's code against the rules `rules`."""

    def __init__(self, rules: tuple[str, ...]) -> None:
        self.rules = tuple(r for r in rules if r in KNOWN)
        self.violations: list[Violation] = []
        # When the last call's own code began (perf_counter), the measures
        # around it set up: the zero of its timeline.
        self.started = 0.0

    async def watch(self, awaitable: Awaitable[Any], *, call: str, limit: float) -> Any:
        """Await `awaitable` (bounded by `limit`), noting every rule it breaks."""
        if not self.rules:
            self.started = perf_counter()
            return await asyncio.wait_for(awaitable, limit)
        lag = LagMonitor() if BLOCKED in self.rules else None
        leftovers = Leftovers()
        forgotten: list[str] = []
        errors: list[LoopError] = []
        silenced: list[Silenced] = []
        # A cancel() of a task already ended on an error silences asyncio's
        # "never retrieved" without reading the error: watched too (C3).
        hushing: AbstractContextManager[list[Silenced]] = (
            watch_silenced_errors() if LOST_ERROR in self.rules else nullcontext(silenced)
        )
        try:
            # Their garbage collection, when they close, is what reveals
            # dropped coroutines and errors; it runs once the heartbeat has
            # stopped, so that its pause is never counted as the student's.
            with record_never_awaited() as forgotten, record_loop_errors() as errors:
                async with lag if lag is not None else nullcontext():
                    leftovers = Leftovers()
                    with hushing as silenced:
                        self.started = perf_counter()
                        return await asyncio.wait_for(leftovers.watch(awaitable), limit)
        finally:
            self._judge_records(call, leftovers, errors, forgotten, silenced)
            if lag is not None:
                self._judge_lag(call, lag)

    def _judge_records(
        self,
        call: str,
        leftovers: Leftovers,
        errors: list[LoopError],
        forgotten: list[str],
        silenced: list[Silenced],
    ) -> None:
        if LEFT_RUNNING in self.rules and leftovers.at_return:
            self.violations.append(
                Violation(
                    LEFT_RUNNING,
                    "Des tâches lancées par ton code tournent encore quand il rend la main.",
                    f"{len(leftovers.at_return)} tâche(s) en cours au retour : "
                    f"{summarize(leftovers.at_return)}",
                    "aucune tâche en cours au moment où la fonction rend la main",
                    "attends chaque tâche que tu lances (await, gather, TaskGroup) ; une tâche "
                    "annulée avec cancel() doit aussi être attendue avant de rendre la main",
                    call,
                )
            )
        lost = never_retrieved(errors)
        if LOST_ERROR in self.rules and lost:
            self.violations.append(
                Violation(
                    LOST_ERROR,
                    "Une erreur d'une tâche a été perdue.",
                    f"« Task exception was never retrieved » : {lost[0].describe()}"
                    + (f" (et {len(lost) - 1} autre(s))" if len(lost) > 1 else ""),
                    "chaque erreur d'une tâche lue par ton code (await, gather…)",
                    "une tâche qu'on n'attend jamais garde son erreur pour elle : attends "
                    "chaque tâche que tu lances",
                    call,
                )
            )
        hushed = [s for s in silenced if not s.read]
        if LOST_ERROR in self.rules and hushed and not lost:
            self.violations.append(
                Violation(
                    LOST_ERROR,
                    "Une erreur d'une tâche a été perdue : personne ne l'a lue.",
                    f"la tâche {hushed[0].task} avait déjà échoué ({hushed[0].error}) quand "
                    "ton code l'a annulée, et son erreur n'a jamais été lue"
                    + (f" (et {len(hushed) - 1} autre(s))" if len(hushed) > 1 else ""),
                    "chaque erreur d'une tâche lue par ton code (await, gather…)",
                    "cancel() ne fait rien à une tâche déjà finie : il ne lit pas son erreur, il "
                    "fait seulement taire l'avertissement d'asyncio. Attends la tâche après "
                    "l'avoir annulée : await asyncio.gather(tache, return_exceptions=True) lit "
                    "son erreur, qu'elle tourne encore ou non",
                    call,
                )
            )
        if NEVER_AWAITED in self.rules and forgotten:
            self.violations.append(
                Violation(
                    NEVER_AWAITED,
                    "Une coroutine a été créée sans jamais être attendue.",
                    f"« coroutine … was never awaited » pour {summarize(forgotten)}",
                    "chaque coroutine créée est attendue (await) ou confiée à une tâche",
                    "appeler une fonction async ne fait que créer la coroutine : écris await "
                    "devant l'appel",
                    call,
                )
            )

    def _judge_lag(self, call: str, lag: LagMonitor) -> None:
        limit = BLOCK_LIMIT if lag.corrected else BLOCK_LIMIT_UNCORRECTED
        measures.record("C1 : boucle bloquée (s)", lag.worst, limit, "upper")
        if lag.worst > limit:
            self.violations.append(
                Violation(
                    BLOCKED,
                    "Ton code a bloqué la boucle d'événements.",
                    "la boucle n'a pas pu tourner pendant "
                    f"{french.decimal(lag.worst, 2)} s d'affilée",
                    f"une boucle jamais bloquée plus de {french.decimal(limit, 2)} s",
                    "dans une coroutine, pas d'appel bloquant (time.sleep, lecture synchrone) "
                    "ni de long calcul : await asyncio.sleep, asyncio.to_thread ou un pool de "
                    "processus",
                    call,
                )
            )
