"""Funding fields on forms written for these tests: who gives the money, what for, for which year."""
from __future__ import annotations

import pytest

from .helpers import extract_checked as extract


def fields(text: str, name: str) -> list:
    return [f[name] for f in extract(text)["funding"]]


@pytest.mark.parametrize("sentence", [
    "MOPAC has awarded £50,000 to the borough's community safety partnership for youth diversion work.",
    "The Mayor's Office for Policing and Crime will provide £20,000 for the ASB team in 2023/24.",
    "Funding of £10,000 from the Mayor’s Office for Policing & Crime will support the ASB team.",
])
def test_londons_commissioner_is_named_in_full_as_the_funder(sentence):
    assert fields(f"Community safety funding\n\n{sentence}\n", "funder") == ["Mayor's Office for Policing and Crime"]


def test_a_sum_paid_to_mopac_is_not_mopacs_money():
    text = ("Cabinet report: community safety funding\n\nCamden's community safety partnership works across Camden."
            "\n\nThe council paid £5,000 to MOPAC for the shared analyst post.\n")
    assert fields(text, "funder") == [None]
