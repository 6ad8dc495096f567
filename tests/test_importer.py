"""CSV import: header mapping, encodings, delimiters, merging, bad rows, --strict."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailbrake.errors import InputError
from mailbrake.importer import import_csv
from mailbrake.store import Store


@pytest.fixture
def staff(store: Store) -> Store:
    store.create_list("staff")
    return store


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def people(store: Store) -> dict[str, tuple[str, dict[str, str]]]:
    target = store.get_list("staff")
    return {s.email: (s.name, s.attributes) for s in store.iter_recipients(target.id)}


def test_header_maps_email_name_and_attributes(staff: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "Email,Name,Department\nann@x.org,Ann Lee,HR\n")
    report = import_csv(staff, "staff", path)
    assert report.joined == 1
    assert people(staff) == {"ann@x.org": ("Ann Lee", {"department": "HR"})}


def test_first_and_last_name_columns_make_the_name(staff: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "email,first_name,last_name\nann@x.org,Ann,Lee\n")
    import_csv(staff, "staff", path)
    name, attributes = people(staff)["ann@x.org"]
    assert name == "Ann Lee"
    assert attributes == {"first_name": "Ann", "last_name": "Lee"}


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(staff: Store, tmp_path: Path, delimiter: str) -> None:
    path = write(
        tmp_path,
        f"email{delimiter}name\nann@x.org{delimiter}Ann, Lee\n".replace(
            "Ann, Lee", "Ann Lee" if delimiter == "," else "Ann, Lee"
        ),
    )
    import_csv(staff, "staff", path)
    assert list(people(staff)) == ["ann@x.org"]


def test_utf8_with_bom_and_non_ascii(staff: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffemail,name\nzoe@x.org,Zoë Ünal\n")
    import_csv(staff, "staff", path)
    assert people(staff)["zoe@x.org"][0] == "Zoë Ünal"


def test_other_encodings_with_the_option(staff: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "email,name\nzoe@x.org,Zoë Ünal\n", encoding="latin-1")
    import_csv(staff, "staff", path, encoding="latin-1")
    assert people(staff)["zoe@x.org"][0] == "Zoë Ünal"


def test_wrong_encoding_is_a_clear_error_and_imports_nothing(staff: Store, tmp_path: Path) -> None:
    rows = "".join(f"p{i}@x.org,Ann\n" for i in range(10)) + "zoe@x.org,Zo\xeb\n"
    path = write(tmp_path, "email,name\n" + rows, encoding="latin-1")
    with pytest.raises(InputError, match=r"not valid UTF-8.*--encoding"):
        import_csv(staff, "staff", path)
    assert people(staff) == {}


def test_duplicates_are_merged_later_values_win(staff: Store, tmp_path: Path) -> None:
    text = "email,name,city\nann@x.org,Ann,Oslo\nANN@x.org,,Bergen\nbob@x.org,Bob,\n"
    report = import_csv(staff, "staff", write(tmp_path, text))
    assert report.duplicates == 1
    assert people(staff)["ann@x.org"] == ("Ann", {"city": "Bergen"})


def test_bad_rows_are_reported_by_line_and_the_rest_imported(staff: Store, tmp_path: Path) -> None:
    text = (
        'email,name\nann@x.org,Ann\nnot-an-address,Bob\n"multi\nline@x.org",Cy\n'
        "bob@x.org,Bob,extra\n"
    )
    report = import_csv(staff, "staff", write(tmp_path, text))
    where = [str(p) for p in report.problems]
    assert report.bad == 3
    assert any(w.startswith(f"{tmp_path / 'people.csv'}:3 [email]") for w in where)
    assert any(":4 [email]" in w and "a line break (LF)" in w for w in where)  # where it starts
    assert any(":6" in w and "3 fields, the header has 2" in w for w in where)
    assert list(people(staff)) == ["ann@x.org"]


def test_a_quote_inside_a_cell_is_doubled_as_spreadsheets_write_it(
    staff: Store, tmp_path: Path
) -> None:
    # The header has no quotes; a later name holds a doubled quote and a line break.
    text = 'email,name\nann@x.org,"Ann ""the boss""\r\nSmith"\nbob@x.org,Bob\n'
    report = import_csv(staff, "staff", write(tmp_path, text))
    assert report.bad == 1
    assert report.problems[0].field == "name"
    assert list(people(staff)) == ["bob@x.org"]


def test_a_stray_quote_stops_the_import_with_file_and_line(staff: Store, tmp_path: Path) -> None:
    text = 'email,name\nann@x.org,Ann\n"multi\nline"@,Cy\n'
    with pytest.raises(InputError, match=r"people\.csv:\d+"):
        import_csv(staff, "staff", write(tmp_path, text))
    assert people(staff) == {}


def test_strict_imports_nothing_when_a_row_is_bad(staff: Store, tmp_path: Path) -> None:
    text = "email\nann@x.org\nbad\n"
    report = import_csv(staff, "staff", write(tmp_path, text), strict=True)
    assert not report.committed
    assert report.bad == 1
    assert people(staff) == {}


def test_missing_email_column_names_the_columns_found(staff: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no 'email' column.*'mail_addr'"):
        import_csv(staff, "staff", write(tmp_path, "mail_addr,name\na@x.org,A\n"))


def test_missing_file_and_unknown_list_are_clear(staff: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        import_csv(staff, "staff", tmp_path / "nope.csv")
    with pytest.raises(Exception, match="No list 'other'"):
        import_csv(staff, "other", write(tmp_path, "email\na@x.org\n"))


def test_a_large_file_is_imported_in_batches(staff: Store, tmp_path: Path) -> None:
    rows = "".join(f"p{i}@x.org,P {i}\n" for i in range(12_345))
    report = import_csv(staff, "staff", write(tmp_path, "email,name\n" + rows))
    assert report.joined == 12_345
    assert staff.count_recipients(staff.get_list("staff").id) == 12_345


@pytest.mark.parametrize(
    ("cell", "what"),
    [
        ('"Ann\r\nBcc: all@x.org"', "a line break (CR)"),
        ('"Ann\nSmith"', "a line break (LF)"),
        ("Ann\x00Smith", "a NUL byte"),
        ("Ann\x1b[8mSmith", "the control character U+001B"),
        ("Ann\x85Smith", "the control character U+0085"),
    ],
)
def test_a_name_with_a_control_character_is_refused_with_its_line(
    staff: Store, tmp_path: Path, cell: str, what: str
) -> None:
    text = f"email,name,team\nann@x.org,{cell},hr\nbob@x.org,Bob\tSmith,hr\n"
    report = import_csv(staff, "staff", write(tmp_path, text))
    assert report.bad == 1
    assert str(report.problems[0]).startswith(f"{tmp_path / 'people.csv'}:2 [name]: ")
    assert what in str(report.problems[0])
    assert people(staff) == {"bob@x.org": ("Bob\tSmith", {"team": "hr"})}


def test_an_attribute_with_a_line_break_is_refused_too(staff: Store, tmp_path: Path) -> None:
    text = 'email,name,office\nann@x.org,Ann,"Floor 2\nRoom 7"\ncy@x.org,Cy,Lab\n'
    report = import_csv(staff, "staff", write(tmp_path, text))
    assert [p.field for p in report.problems] == ["office"]
    assert report.imported == 1
    assert list(people(staff)) == ["cy@x.org"]


def test_a_header_with_a_control_character_is_refused(staff: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"people\.csv:1: the header 'te\\x1bam' contains"):
        import_csv(staff, "staff", write(tmp_path, "email,te\x1bam\nann@x.org,hr\n"))
    assert people(staff) == {}


def test_a_device_is_refused_as_not_a_file(staff: Store) -> None:
    with pytest.raises(InputError, match="/dev/zero: is not a regular file"):
        import_csv(staff, "staff", Path("/dev/zero"))
