"""Real files for the extraction tests: Word, Excel, PDF, zip and MIME messages, built here."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage

import docx
import openpyxl
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls


def make_docx(
    body: list[str],
    *,
    table: list[list[str]] | None = None,
    header: str = "",
    footer: str = "",
    comment: str = "",
    inserted: str = "",
    deleted: str = "",
    title: str = "",
) -> bytes:
    """A Word document; `inserted`/`deleted` become tracked changes (w:ins / w:del)."""
    document = docx.Document()
    paragraphs = [document.add_paragraph(text) for text in body]
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    if comment:
        document.add_comment(paragraphs[0].runs, text=comment, author="Reviewer")
    target = paragraphs[-1]._p
    if inserted:
        target.append(
            _revision("ins", 101, f"<w:r><w:t xml:space='preserve'>{inserted}</w:t></w:r>")
        )
    if deleted:
        target.append(_revision("del", 102, f"<w:r><w:delText>{deleted}</w:delText></w:r>"))
    if title:
        document.core_properties.title = title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _revision(tag: str, ident: int, runs: str) -> object:
    return parse_xml(
        f'<w:{tag} {nsdecls("w")} w:id="{ident}" w:author="Editor" '
        f'w:date="2024-05-01T09:00:00Z">{runs}</w:{tag}>'
    )


def make_xlsx(sheets: dict[str, list[list[object]]], hidden: tuple[str, ...] = ()) -> bytes:
    """A workbook with one sheet per entry; sheets named in `hidden` are hidden."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def make_pdf(pages: list[str]) -> bytes:
    """A minimal valid PDF (Helvetica text, one line per text line), written byte by byte."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    page_ids: list[int] = []
    font_id = 3
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for text in pages:
        lines = "".join(
            f"BT /F1 12 Tf 72 {720 - 16 * i} Td ({line}) Tj ET\n"
            for i, line in enumerate(text.split("\n"))
        ).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n%b\nendstream" % (len(lines), lines))
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (content_id, font_id)
        )
        page_ids.append(len(objects))
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    objects[1] = b"<< /Type /Pages /Kids [%b] /Count %d >>" % (kids, len(page_ids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%b\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_encrypted_pdf(text: str) -> bytes:
    """A PDF that needs a user password (RC4, which pypdf can handle without extra packages)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([text]))))
    writer.encrypt(user_password="s3cret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def mark_encrypted(zip_bytes: bytes) -> bytes:
    """Set the 'encrypted' flag bit on every member, as a password-protected zip has."""
    data = bytearray(zip_bytes)
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start >= 0:
            data[start + flag_offset] |= 0x01
            start = data.find(signature, start + 4)
    return bytes(data)


def message_with(
    body: str, attachments: list[tuple[str, str, bytes]], subject: str = "Files"
) -> bytes:
    """A multipart/mixed message: a text body plus (filename, content type, data) attachments."""
    msg = EmailMessage()
    msg["From"] = "sender@example.org"
    msg["To"] = "team@example.org"
    msg["Subject"] = subject
    msg.set_content(body)
    for filename, ctype, data in attachments:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def make_pptx(slides: list[list[str]], notes: dict[int, str] | None = None) -> bytes:
    """A minimal PowerPoint package: one text box per slide, one paragraph per string."""

    def slide_xml(root: str, paragraphs: list[str]) -> bytes:
        body = "".join(f"<a:p><a:r><a:t>{text}</a:t></a:r></a:p>" for text in paragraphs)
        return (
            f'<p:{root} xmlns:a="{_A}" xmlns:p="{_P}"><p:cSld><p:spTree><p:sp><p:txBody>'
            f"{body}</p:txBody></p:sp></p:spTree></p:cSld></p:{root}>"
        ).encode()

    members = {"ppt/presentation.xml": f'<p:presentation xmlns:p="{_P}"/>'.encode()}
    for number, paragraphs in enumerate(slides, start=1):
        members[f"ppt/slides/slide{number}.xml"] = slide_xml("sld", paragraphs)
    for number, text in (notes or {}).items():
        members[f"ppt/notesSlides/notesSlide{number}.xml"] = slide_xml("notes", [text])
    return make_zip(members)


def make_odt(paragraphs: list[str], table: list[list[str]]) -> bytes:
    """A minimal OpenDocument text file with paragraphs and a table."""
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    table_ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    paras = "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    rows = "".join(
        "<table:table-row>"
        + "".join(f"<table:table-cell><text:p>{c}</text:p></table:table-cell>" for c in row)
        + "</table:table-row>"
        for row in table
    )
    content = (
        f'<office:document-content xmlns:office="{office}" xmlns:text="{text_ns}" '
        f'xmlns:table="{table_ns}"><office:body><office:text>{paras}'
        f"<table:table>{rows}</table:table></office:text></office:body></office:document-content>"
    )
    return make_zip(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": content.encode()}
    )
