"""Personal details: birth dates, home addresses, health, salaries, contact lists."""

from __future__ import annotations

import pytest

from mailbrake.models import Category
from tests.rules.helpers import kinds

PD = Category.PERSONAL_DATA


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("For the form: Raymond Newton, DOB 12/16/2000.", "date_of_birth"),
        ("Geburtsdatum: 10.08.1987", "date_of_birth"),
        ("Fecha de nacimiento: 3 de mayo de 1985", "date_of_birth"),
        ("Home address: 7 Lawrence Mission, South Craigburgh, OX4X 4WZ", "home_address"),
        (
            "Karen Robinson has been signed off for twelve weeks. She was diagnosed with "
            "multiple sclerosis last month.",
            "health",
        ),
        ("Karen Patel's salary goes from £90,000 to £92,000 next month.", "salary"),
        ("Your annual base salary changes from $121,000 to $127,000.", "salary"),
        ("Emergency contact: Melanie Andrews (sister), 07409 281622", "personal_phone"),
        ("Sort code 20-45-77, account number 27646745", "sort_code"),
    ],
)
def test_personal_detail_is_found(text: str, kind: str) -> None:
    assert kind in kinds(text, PD)


def test_csv_of_names_with_home_addresses_is_a_contact_list() -> None:
    text = (
        "Name,Home address,Personal email\n"
        'Victoria Carter,"27309 Antonio Ramp, West Danny, LA 11097",victoriacarter48@hotmail.com\n'
        'Jennifer Jones,"08286 Michael Mountains, Lopezstad, MS 71582",jennifer.jones@outlook.com\n'
        'Michael Martin,"8812 Lee Street, Dixonmouth, NJ 51800",mmartin@gmail.com\n'
    )
    assert "contact_list" in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Salary range £53,441.00 - £108,983 depending on experience.",
        "Sickness absence: self-certification reduced from 7 to 5 days.",
        "Pension matching and private medical cover for all staff.",
        "Office closed Monday April 8, 2024; normal hours resume April 20, 2024.",
        "Visit us at 501 Congress Ave, Austin, TX 78701. Reception: +1 (512) 555-0109",
        "I'm staying in London - my personal e-mail is kelly_smith70@icloud.com.",
        "Congratulations to Frances Turner on her promotion to Product Manager!",
        "Men often freeze samples before receiving chemotherapy, a study says.",
        "Kind regards,\nJune Curtis\nT +44 121 496 0348  E june.curtis@everly.org.uk",
    ],
)
def test_harmless_mentions_are_not_personal_data(text: str) -> None:
    assert not kinds(text, PD)


def test_a_review_of_a_named_employee_is_internal_and_personal() -> None:
    text = (
        "Performance review - mid-year\nEmployee: Ryan Lewis\nOverall rating: Exceeds expectations"
    )
    assert "performance_review" in kinds(text, PD)
    assert "performance_review" in kinds(text, Category.INTERNAL)
