"""Exercice 05 — tests cachés (notés, jamais distribués aux élèves).

Chaque test fait plusieurs appels, chacun sur un cas tiré au hasard d'une
forme fixe, pour que les cas limites arrivent à chaque exécution :
- « mixte » : 6 à 10 messages, dont 4 à n-2 échouent, le premier et le
  dernier compris ; les quatre types d'exception (EnvoiRefuse, et des
  sous-classes de ConnectionError, TimeoutError et ValueError) apparaissent
  tous ; envois de 2 à 30 ms, sauf un envoi réussi « lent » (100 à 150 ms),
  forcément après le premier échec ; les envois réussis renvoient un texte ;
- « ordre inverse » : 5 à 8 messages, plus deux en double : l'un dont les
  deux envois réussissent, l'autre dont les deux envois échouent, chacun avec
  sa propre exception (même type, même texte, deux objets) ; le premier
  réussit et le dernier échoue ; chaque envoi dure 6 ms de moins que le
  précédent, donc ils finissent dans l'ordre inverse de la liste (les deux
  envois d'un message en double durent autant) ; les envois réussis
  renvoient None ;
- « très lent » (test du retour seulement) : un envoi réussi dure 1,2 s,
  plus que les délais ronds qu'on donne à asyncio.wait ;
- liste vide, tous en échec, aucun en échec (test des cas limites).

Chaque appel est observé par `observe` :
- au moment même où la fonction rend la main (dans la même étape de la
  boucle) : tâches démarrées pendant l'appel et pas encore finies, envois en
  cours, envois terminés ;
- chaque appel à signaler est jugé sur-le-champ (son message, son exception
  comparée par identité à celles que les envois de ce message ont levées :
  pour le message en double qui échoue deux fois, chacune des deux doit être
  signalée une fois, dans n'importe quel ordre) ; le test ne garde ensuite aucune
  exception : elles retiennent les cadres de la fonction de l'élève, donc ses
  tâches et ses coroutines, qu'il faut laisser au ramasse-miettes ;
- ensuite, les tâches laissées derrière elle ont 1 s pour finir d'elles-mêmes
  (sans que le test lise leur résultat ; aucune dans le test du retour, qui
  ne juge que l'instant du retour, et juge chaque appel aussitôt fait),
  puis un ramasse-miettes : chaque
  « Task exception was never retrieved » arrive au gestionnaire d'exceptions
  de la boucle, remplacé au plus près de l'appel puis pendant tout ce temps.
Chaque test juge un seul fait.

Règles du cours (manifest.toml, `common`) : C2 et C4 sont mesurées autour de
chaque appel par tests/support/course_rules.py. C2 et C3 sont aussi le cœur de
l'exercice : leurs propres tests les jugent avec des messages qui parlent
d'envois (C3 aussi après le retour, quand les tâches orphelines finissent) ;
le gestionnaire d'exceptions de la boucle est remplacé au plus près de
l'appel, si bien que la mesure commune de C3 ne voit plus rien ici. C1 (boucle
bloquée) n'est pas retenue : l'énoncé ne promet rien sur la boucle
(l'exercice n'a ni appel bloquant ni calcul, rien ici n'apprend à ne pas
bloquer), et aucune mauvaise réponse connue ne la bloque. Elle a été retirée
quand sa borne était de 0,15 s : sur la machine partagée (2 cœurs, charge
moyenne 8 à 11), la solution, qui ne bloque jamais, a vu la boucle
« bloquée » 0,19 s et une réponse juste avec as_completed 0,24 s. La borne
est de 0,3 s depuis, mais sa marge n'a été mesurée sous charge
(`nox -s stress`) que dans les exercices qui gardaient C1 : la remettre ici
demanderait la promesse dans l'énoncé, un mutant qui bloque, et cette mesure.

Aucune borne de durée. Un seul fait dépend de l'horloge : une mauvaise réponse
ne laisse l'envoi lent « en cours » que si elle rend la main avant sa fin (au
plus tôt 100 ms). Médianes de 9 appels, machine partagée (2 cœurs), au repos
puis avec les 2 cœurs occupés, Python 3.11 / 3.13 : le code de départ rend la
main à 11-13 ms (pire appel 33 ms), un try unique autour de la boucle à
17-23 ms (pire 36 ms), gather sans return_exceptions à 6-17 ms (pire 28 ms) :
au moins 4 fois avant la fin de l'envoi lent (2,8 fois au pire appel). Une
bonne réponse, elle, n'a jamais rien en cours, quelle que soit la vitesse de
la machine. Le cas « très lent » ne juge qu'une attente plafonnée à 1 s ou
moins (asyncio.wait(timeout=…)) : 0,2 s d'écart, sans effet sur une bonne
réponse, qui attend jusqu'au bout.
"""

from __future__ import annotations

import random
import weakref
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.support.concurrency import FakeService
from tests.support.failed_sends import (
    ELSEWHERE,
    ORDER_ADVICE,
    STILL_RUNNING_ADVICE,
    cancelled_sendings,
    never_awaited,
    raised_advice,
    received_instead,
    unreported,
)
from tests.support.orphans import (
    Leftovers,
    LoopError,
    never_retrieved,
    record_loop_errors,
    summarize,
)
from tests.support.student import Student, describe_exception

NAMES = ["Ada", "Alan", "Barbara", "Edsger", "Grace", "Guido", "Hedy", "John", "Katherine", "Linus"]
TOPICS = ["rendez-vous", "facture", "colis", "mot de passe", "réunion", "devoir", "concert"]
PATIENCE = 1.0  # for tasks left behind to end by themselves
VERY_SLOW = 1.2  # longer than a one-second asyncio.wait timeout
LIMIT = 10


# Python's own exceptions cannot be weakly referenced: these subclasses can,
# so the test never keeps alive an exception the student's code dropped.
class ConnexionCoupee(ConnectionError):
    """The connection dropped."""


class DelaiDepasse(TimeoutError):
    """The server did not answer in time."""


class ReponseInvalide(ValueError):
    """The server's answer made no sense."""


class EnvoiRefuse(RuntimeError):
    """The server refused the message."""


ERRORS: list[type[Exception]] = [ConnexionCoupee, DelaiDepasse, ReponseInvalide, EnvoiRefuse]


@dataclass(frozen=True)
class Raised:
    """What the fake server raised for one message, without keeping it alive."""

    ref: weakref.ref[BaseException]
    kind: type[BaseException]
    text: str
    shown: str


@dataclass
class Report:
    """One call to signaler, judged when it was made."""

    message: str
    failed: bool  # a message of the list whose sending had raised
    received: str | None  # what signaler got instead of the right exception, or None
    raised: str
    late: bool  # made after the function had returned
    # Which of its message's failed sendings raised the exception received
    # (0, or 1 for a message present twice), None if none of them did.
    which: int | None = None


@dataclass
class Case:
    """One call's inputs and the fakes that record it."""

    shape: str
    messages: list[str]
    failing: set[str]
    envoyer: FakeService[Any] = field(init=False)
    # Each message's failed sendings, in the order they failed: two for the
    # message present twice whose two sendings fail.
    raised: dict[str, list[Raised]] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    returned: bool = False

    def signaler(self, message: Any, erreur: Any) -> None:
        key = message if isinstance(message, str) else repr(message)
        infos = self.raised.get(key, []) if isinstance(message, str) else []
        alive = erreur is not None  # a dead weak reference is None too
        which = next((i for i, info in enumerate(infos) if alive and info.ref() is erreur), None)
        received = None
        if which is None:
            elsewhere = next(
                (
                    m
                    for m, others in self.raised.items()
                    if m != key
                    for info in others
                    if alive and info.ref() is erreur
                ),
                None,
            )
            received = received_instead(
                erreur,
                own=None,
                own_kind=infos[0].kind if infos else None,
                own_text=infos[0].text if infos else "",
                others={} if elsewhere is None else {elsewhere: erreur},
            )
        self.reports.append(
            Report(
                key,
                key in self.failing and bool(infos),
                received,
                infos[which or 0].shown if infos else "aucune",
                self.returned,
                which,
            )
        )


def _texts(rng: random.Random, count: int) -> list[str]:
    return [
        f"{topic} pour {name} n°{rng.randrange(100, 1000)}"
        for topic, name in zip(rng.sample(TOPICS * 2, count), rng.sample(NAMES, count), strict=True)
    ]


def scenario(shape: str) -> Case:
    """A case of the given shape (see the module's docstring)."""
    rng = random.Random()
    kinds: dict[str, type[Exception]] = {}
    slow: dict[str, float] = {}
    success_value: Callable[[], Any] = lambda: f"reçu-{rng.getrandbits(32):08x}"  # noqa: E731
    if shape in ("mixte", "très lent"):
        count = rng.randrange(6, 11) if shape == "mixte" else rng.randrange(4, 7)
        messages = _texts(rng, count)
        # 4 failures or more (2 in the very slow case), at least 2 successes.
        total = rng.randrange(4 if shape == "mixte" else 2, count - 1)
        middle = rng.sample(messages[1:-1], total - 2)
        failing = {messages[0], messages[-1], *middle}
        order = [m for m in messages if m in failing]
        rng.shuffle(order)  # then the four kinds of failure, each at least once
        kinds = {
            m: ERRORS[i] if i < len(ERRORS) else rng.choice(ERRORS) for i, m in enumerate(order)
        }
        successes = [m for m in messages if m not in failing]
        slow[rng.choice(successes)] = rng.uniform(0.100, 0.150) if shape == "mixte" else VERY_SLOW
        delays = {m: slow.get(m, rng.uniform(0.002, 0.030)) for m in messages}
    elif shape == "ordre inverse":
        count = rng.randrange(5, 9)
        messages = _texts(rng, count)
        middle = rng.sample(messages[1:-1], rng.randrange(1, count - 3))
        failing = {messages[-1], *middle}
        twin = rng.choice([m for m in messages if m not in failing])
        failing_twin = rng.choice([m for m in messages if m in failing])
        messages.insert(rng.randrange(count), twin)  # never last: the last one fails
        # Nor first (the first one succeeds): two sendings, two exceptions.
        messages.insert(rng.randrange(1, len(messages)), failing_twin)
        kinds = {m: rng.choice(ERRORS) for m in failing}
        delays = {}
        for position, m in enumerate(messages):
            delays.setdefault(m, 0.003 + 0.006 * (len(messages) - 1 - position))
        success_value = lambda: None  # noqa: E731
    else:
        count = {"vide": 0}.get(shape, rng.randrange(3, 6))
        messages = _texts(rng, count)
        failing = set(messages) if shape == "tous en échec" else set()
        kinds = {m: rng.choice(ERRORS) for m in failing}
        delays = {m: rng.uniform(0.002, 0.020) for m in messages}
    codes = {m: rng.randrange(400, 600) for m in failing}
    case = Case(shape, messages, failing)

    def send(message: str) -> Any:
        if message in failing:
            # Created at failure time: the traceback the student sees is real.
            error = kinds[message](f"le serveur a refusé « {message} » (code {codes[message]})")
            case.raised.setdefault(message, []).append(
                Raised(weakref.ref(error), type(error), str(error), repr(error))
            )
            raise error
        return success_value()

    case.envoyer = FakeService("envoyer", send, delays.__getitem__)
    return case


@dataclass
class Observation:
    """Plain facts about one call: no exception object, no task, no frame."""

    shape: str
    messages: list[str]
    failing: set[str]
    raised: str | None = None
    raised_advice: str = ""
    reports: list[Report] = field(default_factory=list)
    sent: Counter[str] = field(default_factory=Counter)
    value: str = "None"
    value_is_count: bool = False
    value_is_total: bool = False
    # Noted at the very moment the student's function returned or raised.
    completed_at_return: Counter[str] = field(default_factory=Counter)
    in_flight_at_return: int = 0
    cancelled_at_return: int = 0  # sendings that would have succeeded, cancelled
    tasks_at_return: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    # The course's measure of C4: coroutines never awaited during the call.
    forgotten: str | None = None

    @property
    def call(self) -> str:
        twins = len(self.messages) - len(set(self.messages))
        extra = f", dont {twins} en double" if twins else ""
        return (
            f"envoyer_tous(<{len(self.messages)} messages{extra}, dont {self.failures} "
            f"qui échouent ; cas « {self.shape} »>, envoyer, signaler)"
        )

    @property
    def successes(self) -> list[str]:
        return [m for m in self.messages if m not in self.failing]

    @property
    def failures(self) -> int:
        """Failed sendings: a message present twice that fails counts twice."""
        return len(self.messages) - len(self.successes)

    @property
    def on_time(self) -> list[Report]:
        return [r for r in self.reports if not r.late]


def describe_raised(student: Student, case: Case, error: BaseException) -> tuple[str, str]:
    advice = raised_advice(
        error,
        from_envoyer=any(error is i.ref() for infos in case.raised.values() for i in infos),
        empty=not case.messages,
    )
    return describe_exception(error, student.tree), advice


async def observe(student: Student, shape: str, patience: float = PATIENCE) -> Observation:
    envoyer_tous = student.function("envoyer_tous")
    case = scenario(shape)
    seen = Observation(shape, list(case.messages), set(case.failing))

    def note() -> None:
        case.returned = True
        seen.completed_at_return = Counter(m for (m,) in case.envoyer.completed)
        seen.in_flight_at_return = case.envoyer.in_flight.current
        seen.cancelled_at_return = cancelled_sendings(case.envoyer, case.failing)

    watching: list[Leftovers] = []

    async def watched() -> Any:
        # Created here, inside the course's measures: their own heartbeat
        # task (C1) is not the student's.
        leftovers = Leftovers()
        watching.append(leftovers)
        # The innermost handler: errors lost during the call are seen here
        # (the course's measure of C3, around this, then sees nothing more).
        errors: list[LoopError] = []
        try:
            with record_loop_errors() as errors:
                return await leftovers.watch(
                    envoyer_tous(list(case.messages), case.envoyer.operation, case.signaler),
                    note,
                )
        finally:
            seen.lost += [e.describe() for e in never_retrieved(errors)]

    violations = len(student.rules.violations)
    with record_loop_errors() as later:
        outcome = await student.outcome(watched(), call=seen.call, limit=LIMIT)
        seen.forgotten = never_awaited(student, since=violations)
        leftovers = watching.pop()
        seen.tasks_at_return = leftovers.at_return
        if outcome.error is not None:
            seen.raised, seen.raised_advice = describe_raised(student, case, outcome.error)
        value = outcome.value
        seen.value = repr(value)
        seen.value_is_count = type(value) is int and value == len(seen.successes)
        seen.value_is_total = type(value) is int and value == len(seen.messages)
        # The exception keeps alive the frames it went through, and a
        # student's frame can hold the tasks: drop it, or a task whose error
        # was never read would never be collected, hence never reported.
        del outcome, value
        await leftovers.settle(patience)
        await leftovers.cancel()
        seen.sent = Counter(m for (m,) in case.envoyer.calls)
        seen.reports = list(case.reports)
        del leftovers
    seen.lost += [e.describe() for e in never_retrieved(later)]
    return seen


async def observe_all(student: Student, *shapes: str) -> list[Observation]:
    return [await observe(student, shape) for shape in shapes or ("mixte", "ordre inverse")]


def fail_if_raised(student: Student, seen: Observation) -> None:
    if seen.raised is None:
        return
    student.fail(
        "envoyer_tous a levé une exception au lieu de signaler les erreurs.",
        call=seen.call,
        observed=seen.raised,
        expected="aucune exception : chaque envoi raté est signalé, puis la fonction "
        "renvoie le nombre d'envois réussis",
        advice=seen.raised_advice,
        requirement="E4",
    )


TWIN_ADVICE = (
    "un dictionnaire indexé par message ({message: erreur}, {message: tâche}…) ne garde "
    "qu'une entrée par message : pour le message en double, la seconde écrase la première. "
    "Garde chaque envoi à part : parcours zip(messages, resultats) et appelle signaler à "
    "chaque échec, ou range les paires (message, erreur) dans une liste"
)


def check_twin_reported_once(
    student: Student, seen: Observation, failed: Counter[str], reported: Counter[str]
) -> None:
    """E2 when the only failures never reported are those of a message
    present twice, reported fewer times than its sendings failed."""
    short = failed - reported
    halved = [m for m in short if reported[m]]
    if not short or len(halved) < len(short):
        return
    twin = halved[0]
    once = "qu'une seule fois" if reported[twin] == 1 else f"que {reported[twin]} fois"
    student.fail(
        "Un message en double a raté deux fois, mais un seul de ses échecs a été signalé.",
        call=seen.call,
        observed=f"{twin!r} figure {failed[twin]} fois dans la liste et ses {failed[twin]} "
        f"envois ont échoué, chacun avec sa propre exception ; signaler({twin!r}, …) n'a été "
        f"appelé {once}",
        expected=f"{failed[twin]} appels signaler({twin!r}, erreur), un par envoi raté, "
        "chacun avec l'exception levée par son propre envoi",
        advice=TWIN_ADVICE,
        requirement="E2",
    )


def check_failures_reported(student: Student, seen: Observation) -> None:
    """E2 for one call: each failure reported once, in time, with its exception."""
    failed = Counter(m for m in seen.messages if m in seen.failing)
    reported = Counter(r.message for r in seen.on_time)
    check_twin_reported_once(student, seen, failed, reported)
    missing = (failed - reported).total()
    if missing:
        observed = (
            f"{len(seen.on_time)} appel(s) à signaler avant le retour ; "
            f"{missing} échec(s) sur {seen.failures} jamais signalé(s)"
        )
        late = [r for r in seen.reports if r.late]
        first_failure = next(m for m in seen.messages if m in seen.failing)
        if late:
            observed += f" ; {len(late)} signalé(s) seulement après le retour de la fonction"
        reading, advice = unreported(
            first_only=[r.message for r in seen.on_time] == [first_failure],
            running=len(seen.tasks_at_return),
            in_flight=seen.in_flight_at_return,
            lost=bool(seen.lost),
            forgotten=seen.forgotten,
            misattributed=any((r.received or "").startswith(ELSEWHERE) for r in seen.reports),
            cancelled=seen.cancelled_at_return,
        )
        observed += reading
        student.fail(
            "Des envois ratés n'ont pas été signalés.",
            call=seen.call,
            observed=observed,
            expected=f"signaler(message, erreur) appelé pour chacun des {seen.failures} "
            "envois ratés, avant que la fonction rende la main",
            advice=advice,
            requirement="E2",
        )
    twice = [m for m, n in reported.items() if m in seen.failing and n > failed[m]]
    if twice:
        student.fail(
            "Un même échec a été signalé plusieurs fois.",
            call=seen.call,
            observed="signalés plus d'une fois : "
            + ", ".join(
                repr(m) if failed[m] == 1 else f"{m!r} ({reported[m]} fois pour {failed[m]} envois)"
                for m in twice
            ),
            expected="un appel à signaler par envoi raté",
            requirement="E2",
        )
    for report in seen.on_time:
        if report.failed and report.received is not None:
            misattributed = report.received.startswith(ELSEWHERE)
            student.fail(
                "signaler n'a pas reçu l'exception levée par l'envoi.",
                call=seen.call,
                observed=f"signaler({report.message!r}, …) a reçu {report.received}",
                expected=f"l'objet exception lui-même : {report.raised}",
                advice=ORDER_ADVICE
                if misattributed
                else "passe à signaler la valeur que gather a rangée dans les résultats "
                "(ou l'exception attrapée avec except … as erreur)",
                requirement="E2",
            )
    for twin in (m for m, n in failed.items() if n > 1):
        which = Counter(r.which for r in seen.on_time if r.message == twin)
        if len(which) < failed[twin]:
            student.fail(
                "Les envois ratés d'un message en double ont été signalés avec la même exception.",
                call=seen.call,
                observed=f"signaler({twin!r}, …) a reçu {failed[twin]} fois le même objet "
                f"exception ; celle levée par l'autre envoi de {twin!r} n'a jamais été signalée",
                expected=f"{failed[twin]} envois ratés, {failed[twin]} objets exception : chaque "
                "envoi signalé avec l'exception levée par son propre envoi",
                advice=TWIN_ADVICE,
                requirement="E2",
            )


@pytest.mark.asyncio
@pytest.mark.exigence("E2")
async def test_chaque_echec_est_signale(student: Student) -> None:
    for seen in await observe_all(student):
        fail_if_raised(student, seen)
        check_failures_reported(student, seen)


def check_no_success_reported(student: Student, seen: Observation) -> None:
    wrong = [r.message for r in seen.reports if not r.failed]
    if wrong:
        misattributed = [r for r in seen.reports if not r.failed and r.message in seen.messages]
        student.fail(
            "signaler a été appelé pour des messages dont l'envoi n'a pas échoué.",
            call=seen.call,
            observed=f"signalés à tort : {', '.join(map(repr, wrong))}",
            expected=f"seulement les {len(seen.failing)} messages dont l'envoi a levé une "
            "exception",
            advice="chaque erreur va avec le message de son propre envoi : as_completed et "
            "asyncio.wait rendent les envois dans l'ordre où ils finissent, pas dans celui "
            "de la liste ; et dans les résultats de gather, seules les valeurs qui sont des "
            "exceptions (isinstance(resultat, Exception)) sont des échecs"
            if misattributed
            else "signaler ne reçoit que les messages de la liste dont l'envoi a échoué",
            requirement="E3",
        )


@pytest.mark.asyncio
@pytest.mark.exigence("E3")
async def test_aucun_envoi_reussi_signale(student: Student) -> None:
    for seen in await observe_all(student):
        check_no_success_reported(student, seen)


@pytest.mark.asyncio
@pytest.mark.exigence("C3")
async def test_aucune_erreur_perdue(student: Student) -> None:
    for seen in await observe_all(student):
        if seen.lost:
            student.fail(
                "Des erreurs de tâches n'ont jamais été lues.",
                call=seen.call,
                observed=f"asyncio signale {len(seen.lost)} fois « Task exception was never "
                "retrieved », pour :\n      " + "\n      ".join(seen.lost),
                expected="aucune erreur perdue : chaque tâche lancée est attendue et son "
                "résultat (ou son erreur) est lu",
                advice="une tâche créée puis oubliée garde son erreur pour elle ; "
                "garde les tâches et attends-les toutes avec "
                "asyncio.gather(..., return_exceptions=True)",
            )


@pytest.mark.asyncio
@pytest.mark.exigence("C2")
async def test_plus_rien_en_cours_au_retour(student: Student) -> None:
    for shape in ("mixte", "très lent"):
        # What this test judges is noted at the return itself: no patience
        # for leftovers (an answer that gave up on the 1,2 s sending would
        # otherwise be told a second later), and each call is judged before
        # the next one is made.
        seen = await observe(student, shape, patience=0.0)
        if seen.tasks_at_return or seen.in_flight_at_return:
            what = (
                f"{len(seen.tasks_at_return)} tâche(s) encore en cours : "
                f"{summarize(seen.tasks_at_return)}"
                if seen.tasks_at_return
                else f"{seen.in_flight_at_return} envoi(s) encore en cours"
            )
            advice = STILL_RUNNING_ADVICE
            if seen.shape == "très lent":
                advice += (
                    " ; et une attente plafonnée (asyncio.wait(..., timeout=…)) abandonne "
                    "les envois plus lents que le délai"
                )
            student.fail(
                "La fonction a rendu la main alors que des envois tournaient encore.",
                call=seen.call,
                observed=f"au moment du retour, {what}",
                expected="plus aucune tâche ni aucun envoi en cours quand envoyer_tous se termine",
                advice=advice,
            )


@pytest.mark.asyncio
@pytest.mark.exigence("E1")
async def test_chaque_message_envoye_une_fois(student: Student) -> None:
    for seen in await observe_all(student):
        if seen.sent != Counter(seen.messages):
            expected = Counter(seen.messages)
            twice = sorted(m for m, n in seen.sent.items() if n > expected[m])
            never = sorted(m for m, n in expected.items() if seen.sent[m] < n)
            twins = [m for m in never if expected[m] > 1]
            observed = (
                f"{seen.sent.total()} appel(s) à envoyer ; en trop : {len(twice)}, "
                f"manquants : {len(never)}"
            )
            advice = None
            if set(twice) & seen.failing:
                advice = (
                    "n'envoie pas une deuxième fois un message dont l'envoi a échoué : un seul "
                    "essai par message, puis signale son erreur avec signaler(message, erreur)"
                )
            if twins:
                observed += f" ; le message en double {twins[0]!r} n'est parti qu'une fois"
                advice = (
                    "un dictionnaire {message: tâche} garde une seule tâche par message : "
                    "une liste garde chaque envoi"
                )
            student.fail(
                "Chaque message doit être envoyé exactement une fois.",
                call=seen.call,
                observed=observed,
                expected=f"{len(seen.messages)} appels, un par élément de la liste "
                "(un message en double part deux fois)",
                advice=advice,
            )


@pytest.mark.asyncio
@pytest.mark.exigence("E4")
async def test_ne_leve_pas_d_exception(student: Student) -> None:
    for seen in await observe_all(student):
        fail_if_raised(student, seen)


def check_count(student: Student, seen: Observation) -> None:
    if seen.value_is_count:
        return
    if seen.value_is_total and seen.failing:
        observed = f"{seen.value}, le nombre total de messages, échecs compris"
    else:
        observed = seen.value
    advice = "compte seulement les résultats qui ne sont pas des exceptions"
    if seen.shape == "ordre inverse":
        advice += (
            " ; ici les envois réussis renvoient None : c'est un succès quand même, ne "
            "compte pas les valeurs"
        )
        if len(set(seen.messages)) < len(seen.messages):
            advice += ", et le message en double compte pour deux envois"
    student.fail(
        "La fonction ne renvoie pas le nombre d'envois réussis.",
        call=seen.call,
        observed=observed,
        expected=f"{len(seen.successes)} ({len(seen.messages)} messages, dont "
        f"{seen.failures} ratés)",
        advice=advice,
        requirement="E5",
    )


@pytest.mark.asyncio
@pytest.mark.exigence("E5")
async def test_renvoie_le_nombre_d_envois_reussis(student: Student) -> None:
    for seen in await observe_all(student):
        fail_if_raised(student, seen)
        check_count(student, seen)


@pytest.mark.asyncio
@pytest.mark.exigence("E2", "E3", "E4", "E5")
async def test_cas_limites(student: Student) -> None:
    for seen in await observe_all(student, "vide", "tous en échec", "aucun en échec"):
        fail_if_raised(student, seen)
        check_count(student, seen)
        if seen.failing:
            check_failures_reported(student, seen)
        check_no_success_reported(student, seen)
