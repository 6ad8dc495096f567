"""Zip attachments: members read recursively, within depth, size, count and encryption bounds."""

from __future__ import annotations

from mailbrake.extract import ExtractLimits, extract_attachment
from tests.extract.builders import make_docx, make_zip, mark_encrypted


def located(result: object) -> dict[str, str]:
    return {str(s.location): s.text for s in result.segments}  # type: ignore[attr-defined]


def reasons(result: object) -> dict[str, str]:
    return {str(p.location): p.reason for p in result.unscannable}  # type: ignore[attr-defined]


def test_zip_inside_a_zip_is_read_with_nested_names() -> None:
    inner = make_zip({"notes.txt": b"password: hunter2", "plan.docx": make_docx(["Plan text"])})
    outer = make_zip({"inner.zip": inner, "readme.txt": b"hello"})
    result = extract_attachment("outer.zip", "application/zip", outer)
    found = located(result)
    assert found["attachment/outer.zip/readme.txt"] == "hello"
    assert found["attachment/outer.zip/inner.zip/notes.txt"] == "password: hunter2"
    assert found["attachment/outer.zip/inner.zip/plan.docx"] == "Plan text"
    assert result.unscannable == ()


def test_encrypted_zip_member_is_unscannable() -> None:
    data = mark_encrypted(make_zip({"salaries.csv": b"Jane,95000"}))
    result = extract_attachment("locked.zip", "application/zip", data)
    assert result.segments == ()
    assert reasons(result) == {"attachment/locked.zip/salaries.csv": "encrypted zip member"}


def test_zip_nested_deeper_than_the_limit_is_unscannable() -> None:
    data = make_zip({"secret.txt": b"deep secret"})
    for level in range(3):
        data = make_zip({f"level{level}.zip": data})
    result = extract_attachment("deep.zip", "application/zip", data, ExtractLimits(max_zip_depth=3))
    assert "deep secret" not in " ".join(located(result).values())
    assert any("nested too deep" in reason for reason in reasons(result).values())


def test_zip_bomb_ratio_is_refused_without_inflating_it() -> None:
    data = make_zip({"zeros.txt": b"\0" * (5 * 1024 * 1024)})
    result = extract_attachment("bomb.zip", "application/zip", data)
    assert result.segments == ()
    assert "zip bomb" in reasons(result)["attachment/bomb.zip/zeros.txt"]


def test_zip_with_too_many_members_is_unscannable() -> None:
    data = make_zip({f"f{i}.txt": b"x" for i in range(6)})
    result = extract_attachment(
        "many.zip", "application/zip", data, ExtractLimits(max_zip_members=5)
    )
    assert reasons(result) == {"attachment/many.zip": "too many members (6 > 5)"}


def test_zip_total_unpacked_size_is_bounded() -> None:
    members = {f"part{i}.txt": bytes([65 + i]) * 4000 for i in range(5)}
    limits = ExtractLimits(max_zip_total_bytes=10_000)
    result = extract_attachment("parts.zip", "application/zip", make_zip(members), limits)
    assert len(result.segments) == 2
    assert any("more than" in reason for reason in reasons(result).values())


def test_corrupt_zip_is_unscannable() -> None:
    result = extract_attachment("broken.zip", "application/zip", b"PK\x03\x04garbage")
    assert reasons(result)["attachment/broken.zip"].startswith("corrupt or unreadable zip")
