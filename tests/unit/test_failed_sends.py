"""The reading of exercise 05's unreported failures names the mistake behind them."""

from tests.support.failed_sends import (
    FIRST_ONLY_ADVICE,
    ORDER_ADVICE,
    raised_advice,
    received_instead,
    unreported,
)

QUIET = {"running": 0, "in_flight": 0, "lost": False, "forgotten": None, "misattributed": False}


def test_stopping_at_the_first_failure_is_named_with_what_was_left_behind():
    line, advice = unreported(**{**QUIET, "first_only": True, "running": 2})
    assert "seulement pour le premier échec" in line
    assert "2 tâche(s) encore en cours" in line
    assert advice == FIRST_ONLY_ADVICE
    never = "« coroutine … was never awaited » pour envoyer (×2)"
    line, advice = unreported(**{**QUIET, "first_only": True, "forgotten": never})
    assert never in line
    assert advice == FIRST_ONLY_ADVICE


def test_other_readings():
    assert unreported(**{**QUIET, "first_only": False, "misattributed": True})[1] == ORDER_ADVICE
    never = "« coroutine … was never awaited » pour envoyer"
    assert (
        "jamais été attendus" in unreported(**{**QUIET, "first_only": False, "forgotten": never})[0]
    )
    assert "avalées" in unreported(**{**QUIET, "first_only": False})[0]
    assert unreported(**{**QUIET, "first_only": False, "running": 1})[0] == ""


def test_what_signaler_received_instead():
    own, other = ConnectionError("a"), ConnectionError("b")
    facts = {"own": own, "own_kind": ConnectionError, "own_text": "a", "others": {"m2": other}}
    assert received_instead(own, **facts) is None
    assert received_instead("a", **facts) == "un texte ('a') au lieu de l'exception"
    assert "ressemble" in (received_instead(ConnectionError("a"), **facts) or "")
    assert (received_instead(other, **facts) or "").endswith("('m2')")


def test_raised_advice():
    error = ConnectionError("refusé")
    assert "return_exceptions=True" in raised_advice(error, from_envoyer=True, empty=False)
    assert "liste vide" in raised_advice(ValueError("vide"), from_envoyer=False, empty=True)
