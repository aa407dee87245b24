"""What ex02's tests say about the list `telecharger_tout` returned, public
and hidden alike: an object still pending in its place (gather not awaited),
or every content there but out of the urls' order."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Sequence
from typing import Any

from tests.support.student import Student


def fail_if_pending(student: Student, call: str, value: Any) -> None:
    """A future, a task or a coroutine returned in place of the list
    (`return asyncio.gather(...)` without await): E1."""
    if not (isinstance(value, asyncio.Future) or inspect.isawaitable(value)):
        return
    if inspect.iscoroutine(value):
        value.close()  # never run: no "never awaited" warning on top of this message
    student.fail(
        "telecharger_tout renvoie un objet en attente au lieu de la liste des contenus.",
        call=call,
        observed=f"un objet {type(value).__name__}, pas encore attendu",
        expected="la liste des contenus, une fois tous les téléchargements finis",
        advice="asyncio.gather(...) lance les téléchargements mais ne les attend pas : "
        "écris contenus = await asyncio.gather(...), puis renvoie contenus",
        requirement="E1",
    )


def out_of_order(value: Any, expected: Sequence[str]) -> bool:
    """Every content there, once each, but not in the urls' order."""
    if not isinstance(value, list | tuple) or list(value) == list(expected):
        return False
    return sorted(map(str, value)) == sorted(expected)


OUT_OF_ORDER_ADVICE = (
    "tous les contenus y sont, dans un autre ordre que les urls : garde l'ordre des urls "
    "reçues (un set, ou un tri, le change) ; asyncio.gather(*coroutines) renvoie les "
    "résultats dans l'ordre de ses arguments"
)
