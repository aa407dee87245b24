"""French numbers: the helper that writes them."""

from __future__ import annotations

from tests.harness import french


def test_the_helper_writes_french_numbers():
    assert french.decimal(0.0481, 3) == "0,048"
    assert french.decimal(16.72, 1) == "16,7"
    assert french.decimal(3.6, 0) == "4"
    assert french.decimal(-0.04, 1) == "0,0"  # never "-0,0"
    assert french.decimal(-1.25, 2) == "-1,25"
    assert french.decimal(float("inf"), 1) == "∞"
    assert french.number(1.5) == "1,5"
    assert french.number(30.0) == "30"
    assert french.number(30) == "30"
    assert french.number(0.05) == "0,05"
    assert french.number(1e-7) == "1e-07"
    assert french.number(float("-inf")) == "-∞"
    assert french.percent(0.5) == "50 %"
    assert french.percent(0.125, 1) == "12,5 %"
