"""A named person's pay said in a sentence (rules/pay.py), and what is nobody's pay."""

from __future__ import annotations

import pytest

from mailbrake.models import Category
from tests.rules.helpers import kinds

PD = Category.PERSONAL_DATA


@pytest.mark.parametrize(
    "text",
    [
        "For next year's staffing line, Imogen is now on £38,900 after her regrade and Tariq "
        "stays on £31,400 until April.",
        "Quick one: Marek zarabia 9 200 zł brutto od stycznia.",
        "Te confirmo que Lorena cobra 2.140 € al mes desde la subida.",
        "Per il budget: Davide guadagna circa 36.500 euro lordi.",
        "Ze zit nu op €3.450 bruto per maand, zei Annelies Vos gisteren.",
        "Na folha de março, o Rui passa a ganhar 1.980 € por mês.",
        "He earns £47k a year now, according to Oliver Grant's spreadsheet.",
    ],
)
def test_a_named_persons_pay_in_a_sentence_is_personal_data(text: str) -> None:
    assert "salary" in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        # a figure somebody or something "is on", with no word of pay
        "Budget is now on £41,200 for the refurbishment.",
        "Rent goes to £1,200 from May.",
        # averages, ranges, the statutory minimum
        "A staff nurse earns between £29,000 and £35,000 depending on the trust.",
        "Graduates earn £28,000 on average in the region.",
        "Ana cobra el salario mínimo, 1.184 euros, como marca la ley.",
        # a job advert naming who held the post before
        "Northfield Choir invites applications for the post of accompanist, following the "
        "retirement of Harold Pike.\n\nSalary: £24,600 per annum.\n\nHow to apply: send a CV.",
        "Oferta de empleo: técnico de proyección, en sustitución de Marta Gil Ruiz.\n"
        "Salario bruto anual: 19.800 € – 22.000 € según experiencia.",
    ],
)
def test_a_figure_a_band_or_an_adverts_pay_is_no_persons(text: str) -> None:
    assert "salary" not in kinds(text, PD)
