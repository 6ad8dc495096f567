"""The named-person heuristic: capitalised words that are not common capitalised words."""

from __future__ import annotations

import pytest

from mailbrake.rules.names import full_names, has_person


@pytest.mark.parametrize(
    "text",
    [
        "El Real Decreto fija el salario mínimo.",
        "Le Conseil a voté le budget.",
        "Der Vorstand hat entschieden.",
        "Il Consiglio Direttivo convoca l'assemblea.",
        "De Raad van Bestuur vergadert.",
    ],
)
def test_a_function_word_at_a_sentences_start_is_no_first_name(text: str) -> None:
    assert not full_names(text)


@pytest.mark.parametrize(
    "text",
    ["Dan Okafor was diagnosed in July.", "Sara Rossi ha firmato.", "Ben Smith and Mia Kranz"],
)
def test_first_names_that_are_also_function_words_still_name_people(text: str) -> None:
    assert full_names(text)
    assert has_person(text)
