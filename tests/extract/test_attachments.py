"""extract_attachment: Word, Excel, PDF, text and unknown files, failing closed on bad ones."""

from __future__ import annotations

from datetime import datetime

from mailbrake.extract import Extraction, ExtractLimits, extract_attachment, extract_message
from mailbrake.models import Location
from tests.extract.builders import (
    make_docx,
    make_encrypted_pdf,
    make_odt,
    make_pdf,
    make_pptx,
    make_xlsx,
    make_zip,
    message_with,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def by_detail(result: Extraction) -> dict[str, str]:
    return {s.location.detail: s.text for s in result.segments}


def test_docx_body_table_header_footer_and_comment_are_read() -> None:
    data = make_docx(
        ["Quarterly plan", "Second paragraph"],
        table=[["Name", "Salary"], ["Jane Smith", "95,000"]],
        header="CONFIDENTIAL",
        footer="Page footer text",
        comment="Do not send this to the client",
    )
    result = extract_attachment("plan.docx", DOCX, data)
    parts = by_detail(result)
    assert "Quarterly plan\nSecond paragraph" in parts[""]
    assert "Jane Smith\t95,000" in parts[""]
    assert parts["header"] == "CONFIDENTIAL"
    assert parts["footer"] == "Page footer text"
    assert parts["comments"] == "Do not send this to the client"
    assert result.unscannable == ()


def test_docx_tracked_changes_are_reported_with_inserted_and_deleted_text() -> None:
    data = make_docx(["Offer letter"], inserted="bonus of 10%", deleted="salary 95,000")
    parts = by_detail(extract_attachment("offer.docx", DOCX, data))
    assert "bonus of 10%" in parts["tracked changes"]
    assert "salary 95,000" in parts["tracked changes"]
    assert "salary 95,000" not in parts[""]  # deleted text is not part of the visible body


def test_docx_without_revisions_has_no_tracked_changes_segment() -> None:
    parts = by_detail(extract_attachment("memo.docx", DOCX, make_docx(["Plain memo"])))
    assert "tracked changes" not in parts


def test_docx_title_property_is_read() -> None:
    data = make_docx(["Body"], title="STRICTLY CONFIDENTIAL - board pack")
    properties = by_detail(extract_attachment("x.docx", DOCX, data))["properties"]
    assert "STRICTLY CONFIDENTIAL - board pack" in properties.splitlines()


def test_docx_is_recognised_by_content_when_name_and_type_say_nothing() -> None:
    result = extract_attachment("download", "application/octet-stream", make_docx(["Found"]))
    assert by_detail(result)[""] == "Found"


def test_xlsx_reads_every_sheet_and_names_hidden_ones() -> None:
    data = make_xlsx(
        {
            "Summary": [["Team", "Headcount"], ["Sales", 12]],
            "Salaries": [["Name", "Born", "Salary"], ["Jane Smith", datetime(1985, 4, 1), 95000.0]],
        },
        hidden=("Salaries",),
    )
    result = extract_attachment("team.xlsx", XLSX, data)
    parts = by_detail(result)
    assert parts["Summary"] == "Team\tHeadcount\nSales\t12"
    assert parts["Salaries (hidden sheet)"] == "Name\tBorn\tSalary\nJane Smith\t1985-04-01\t95000"
    assert all(s.location.name == "team.xlsx" for s in result.segments)


def test_pdf_text_is_read_per_page() -> None:
    data = make_pdf(["Page one text", "IBAN DE89 3704 0044 0532 0130 00"])
    parts = by_detail(extract_attachment("statement.pdf", "application/pdf", data))
    assert parts["page 1"] == "Page one text"
    assert parts["page 2"] == "IBAN DE89 3704 0044 0532 0130 00"


def test_encrypted_pdf_is_unscannable() -> None:
    result = extract_attachment("locked.pdf", "application/pdf", make_encrypted_pdf("secret"))
    assert result.segments == ()
    assert [(p.location, p.reason) for p in result.unscannable] == [
        (Location("attachment", "locked.pdf"), "encrypted PDF")
    ]


def test_corrupt_pdf_is_unscannable_with_the_reason() -> None:
    result = extract_attachment("broken.pdf", "application/pdf", b"%PDF-1.4\n1 0 obj <<\ngarbage")
    assert result.segments == ()
    assert result.unscannable[0].reason.startswith("corrupt or unreadable PDF")


def test_pdf_without_a_text_layer_is_unscannable() -> None:
    result = extract_attachment("scan.pdf", "application/pdf", make_pdf([""]))
    assert [p.reason for p in result.unscannable] == ["PDF has no text layer (scanned image?)"]


def test_corrupt_docx_is_unscannable() -> None:
    result = extract_attachment("bad.docx", DOCX, b"PK\x03\x04 this is not a zip")
    assert result.unscannable[0].reason.startswith("corrupt or unreadable DOCX")


def test_csv_and_text_attachments_are_read_with_their_charset() -> None:
    result = extract_attachment(
        "people.csv", "text/csv; charset=iso-8859-1", "José;1985".encode("latin-1")
    )
    assert result.segments[0].text == "José;1985"
    assert result.segments[0].location == Location("attachment", "people.csv")


def test_unknown_binary_type_is_unscannable() -> None:
    result = extract_attachment("data.bin", "application/x-foo", b"\x00\x01\x02")
    assert [p.reason for p in result.unscannable] == ["unknown type application/x-foo"]


def test_attachment_over_the_size_limit_is_unscannable() -> None:
    limits = ExtractLimits(max_attachment_bytes=2 * 1024 * 1024)
    result = extract_attachment("big.txt", "text/plain", b"a" * (3 * 1024 * 1024), limits)
    assert [p.reason for p in result.unscannable] == ["too large (3 MB > 2 MB)"]


def test_attachments_inside_a_message_keep_their_file_names() -> None:
    msg = message_with(
        "See both files",
        [
            ("plan.docx", DOCX, make_docx(["Restructuring plan"])),
            ("list.xlsx", XLSX, make_xlsx({"People": [["Ann Lee", "ann@home.example"]]})),
        ],
    )
    result = extract_message(msg)
    found = {str(s.location): s.text for s in result.segments}
    assert found["attachment/plan.docx"] == "Restructuring plan"
    assert found["attachment/list.xlsx/People"] == "Ann Lee\tann@home.example"


def test_office_file_that_is_a_zip_bomb_is_refused_before_parsing() -> None:
    bomb = make_zip({"word/document.xml": b"<w:document/>", "word/media/x.bin": b"\0" * 5_000_000})
    result = extract_attachment("bomb.docx", DOCX, bomb)
    assert result.segments == ()
    assert "zip bomb" in result.unscannable[0].reason


def test_messages_attached_deeper_than_the_limit_are_unscannable() -> None:
    msg = message_with("innermost secret", [])
    for level in range(4):
        msg = message_with(f"level {level}", [(f"m{level}.eml", "message/rfc822", msg)])
    result = extract_message(msg)
    assert "innermost secret" not in " ".join(s.text for s in result.segments)
    assert any("nested too deep" in p.reason for p in result.unscannable)


def test_pptx_slides_and_speaker_notes_are_read_in_order() -> None:
    data = make_pptx([["Q3 results", "Revenue up"], ["Layoffs: 40 roles"]], notes={2: "Embargoed"})
    parts = by_detail(extract_attachment("deck.pptx", "application/octet-stream", data))
    assert parts == {
        "slide 1": "Q3 results\nRevenue up",
        "slide 2": "Layoffs: 40 roles",
        "notes 2": "Embargoed",
    }


def test_opendocument_paragraphs_and_table_rows_are_read() -> None:
    data = make_odt(
        ["Board minutes", "Item 3: sale of the Leeds site"], [["Name", "Vote"], ["Ann Lee", "for"]]
    )
    parts = by_detail(
        extract_attachment("minutes.odt", "application/vnd.oasis.opendocument.text", data)
    )
    assert parts[""] == "Board minutes\nItem 3: sale of the Leeds site\nName\tVote\nAnn Lee\tfor"


def test_legacy_or_protected_office_file_is_unscannable() -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    result = extract_attachment("old.doc", "application/msword", ole2)
    assert [p.reason for p in result.unscannable] == [
        "legacy (.doc/.xls/.ppt) or password-protected Office file"
    ]


def test_untyped_text_is_read_as_text_and_untyped_binary_is_not() -> None:
    text = extract_attachment("notes", "application/octet-stream", "Zoë's PIN 4921".encode())
    assert text.segments[0].text == "Zoë's PIN 4921"
    binary = extract_attachment("blob", "application/octet-stream", b"\x00\x01binary")
    assert [p.reason for p in binary.unscannable] == ["unknown type application/octet-stream"]
