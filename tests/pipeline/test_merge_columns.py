"""Merge columns: detectors over every value, column names for what has no checksum."""

from __future__ import annotations

from mailbrake.models import Category, Confidence
from mailbrake.pipeline.merge_columns import scan_columns

IBANS = ["DE62370400440532013001", "DE75512108001245126199"]


def kinds(columns: dict[str, list[str]]) -> dict[tuple[str, str], bool]:
    return {(hit.column, hit.kind): hit.own for hit in scan_columns(columns)}


def test_checksum_valid_ibans_and_cards_are_found_whatever_the_column_is_called() -> None:
    found = kinds({"ref": IBANS, "x": ["4556 7375 8689 9855", "5183 2749 1066 3706"]})
    assert found == {("ref", "iban"): True, ("x", "payment_card"): True}


def test_a_column_with_one_value_for_everyone_is_not_each_recipients_own() -> None:
    assert kinds({"manager_iban": [IBANS[0]] * 5}) == {("manager_iban", "iban"): False}


def test_salaries_and_birth_dates_are_found_by_the_column_name_and_the_values() -> None:
    (salary,) = scan_columns({"base_salary": ["85000", "€92,500", "61 000 EUR"]})
    assert (salary.kind, salary.category, salary.confidence) == (
        "salary",
        Category.PERSONAL_DATA,
        Confidence.MEDIUM,
    )
    assert "85000" not in salary.snippet
    assert {h.kind for h in scan_columns({"employee_dob": ["1980-01-02", "3 March 1975"]})} == {
        "date_of_birth"
    }


def test_a_name_alone_is_not_enough_nor_values_that_do_not_fit_it() -> None:
    assert kinds({"salary_band": ["junior", "senior", "lead"]}) == {}
    assert kinds({"team": ["85000", "92500"]}) == {}
    assert kinds({"iban": ["", "  "]}) == {}
