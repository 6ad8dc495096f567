"""extract_message: subject, body encodings, HTML, reply chains and the MIME structure."""

from __future__ import annotations

import email
import email.policy

from mailbrake.extract import Extraction, ExtractLimits, extract_content, extract_message
from mailbrake.models import Attachment, Location, MailoutContent
from tests.extract.builders import make_docx, message_with


def texts(result: Extraction, part: str | None = None) -> str:
    return "\n".join(s.text for s in result.segments if part is None or s.location.part == part)


def raw(headers: str, body: bytes) -> bytes:
    return headers.replace("\n", "\r\n").encode() + b"\r\n" + body


def test_subject_encoded_words_are_decoded() -> None:
    msg = raw(
        "From: a@example.org\nSubject: =?utf-8?q?Geh=C3=A4lter?= =?iso-8859-1?b?5HJ6?= 2024\n",
        b"body\r\n",
    )
    result = extract_message(msg)
    assert result.segments[0].location == Location("subject")
    assert result.segments[0].text == "Gehälterärz 2024"


def test_base64_body_is_decoded() -> None:
    msg = raw(
        "Subject: x\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n",
        b"SUJBTiBERTg5IDM3MDQgMDA0NCAwNTMyIDAxMzAgMDAgZsO8ciBKw7xyZ2Vu\r\n",
    )
    assert "IBAN DE89 3704 0044 0532 0130 00 für Jürgen" in texts(extract_message(msg), "body")


def test_quoted_printable_latin1_body_is_decoded() -> None:
    msg = raw(
        "Subject: x\nContent-Type: text/plain; charset=iso-8859-1\n"
        "Content-Transfer-Encoding: quoted-printable\n",
        b"Mot de passe: caf=E9-cr=E8me=\r\n-2024\r\n",
    )
    assert "Mot de passe: café-crème-2024" in texts(extract_message(msg), "body")


def test_unknown_charset_is_read_as_utf8_with_replacements() -> None:
    msg = raw(
        "Subject: x\nContent-Type: text/plain; charset=x-no-such-charset\n",
        "naïve password hunter2 \xff".encode("latin-1"),
    )
    body = texts(extract_message(msg), "body")
    assert "password hunter2" in body


def test_wrong_declared_charset_never_raises() -> None:
    msg = raw("Subject: x\nContent-Type: text/plain; charset=us-ascii\n", "Zoë Müller".encode())
    assert "Zoë Müller" in texts(extract_message(msg), "body")


def test_html_only_mail_becomes_visible_text_without_script_or_style() -> None:
    html = (
        b"<html><head><style>.x{color:red}</style><script>var secret='no';</script></head>"
        b"<body><p>Dear team,</p><p>Salary of <b>Jane</b> Smith: 95,000</p>"
        b"<table><tr><td>Name</td><td>IBAN</td></tr>"
        b"<tr><td>Jane Smith</td><td>DE89370400440532013000</td></tr></table></body></html>"
    )
    msg = raw("Subject: x\nContent-Type: text/html; charset=utf-8\n", html)
    result = extract_message(msg)
    body = texts(result, "body.html")
    assert "Salary of Jane Smith: 95,000" in body
    assert "Jane Smith\tDE89370400440532013000" in body
    assert "secret" not in body
    assert "color" not in body


def test_reply_chain_is_split_into_fresh_and_quoted_segments() -> None:
    body = (
        b"Thanks, see below.\r\n\r\nOn Mon, 3 Jun 2024 at 09:12, Jane Smith <jane@example.org>"
        b" wrote:\r\n> The board approved the layoffs.\r\n> Keep it quiet.\r\n\r\nBest,\r\nTom\r\n"
    )
    result = extract_message(raw("Subject: Re: plan\n", body))
    fresh = [s.text for s in result.segments if s.location.part == "body" and not s.quoted]
    quoted = [s.text for s in result.segments if s.quoted]
    assert "Thanks, see below." in fresh[0]
    assert "Best,\nTom" in fresh[-1]
    assert len(quoted) == 1
    assert "The board approved the layoffs.\nKeep it quiet." in quoted[0]
    assert not any(line.startswith(">") for line in quoted[0].splitlines())


def test_outlook_original_message_block_is_quoted_to_the_end() -> None:
    body = (
        b"FYI below.\r\n\r\n-----Original Message-----\r\nFrom: HR\r\nSent: Monday\r\n"
        b"Subject: reviews\r\n\r\nPIP for Mark Jones starts Monday.\r\n"
    )
    result = extract_message(raw("Subject: Fw: reviews\n", body))
    quoted = [s for s in result.segments if s.quoted]
    assert [s.text.strip().splitlines()[-1] for s in quoted] == [
        "PIP for Mark Jones starts Monday."
    ]
    assert all("PIP" not in s.text for s in result.segments if not s.quoted)


def test_html_alternative_adds_only_what_the_plain_part_lacks() -> None:
    msg = email.message.EmailMessage()
    msg["Subject"] = "Update"
    msg.set_content("Hello all,\nThe picnic is on Friday.\n")
    msg.add_alternative(
        "<p>Hello all,</p><p>The picnic is on Friday.</p><p>Password: Tr0ub4dor&amp;3</p>",
        subtype="html",
    )
    result = extract_message(msg.as_bytes())
    html_segments = [s.text for s in result.segments if s.location.part == "body.html"]
    assert html_segments == ["Password: Tr0ub4dor&3"]


def test_parsed_message_objects_are_accepted() -> None:
    parsed = email.message_from_bytes(
        raw("Subject: Hi\n", b"Card 4111 1111 1111 1111\r\n"), policy=email.policy.default
    )
    assert "Card 4111 1111 1111 1111" in texts(extract_message(parsed), "body")


def test_attached_message_is_read_recursively_with_nested_locations() -> None:
    inner = message_with("Inner secret: AKIAIOSFODNN7EXAMPLE", [], subject="Keys")
    outer = email.message.EmailMessage()
    outer["Subject"] = "Forwarding"
    outer.set_content("See attached.")
    outer.add_attachment(email.message_from_bytes(inner), filename="keys.eml")
    result = extract_message(outer.as_bytes())
    nested = {str(s.location): s.text for s in result.segments}
    assert nested["attachment/keys.eml/subject"] == "Keys"
    assert "AKIAIOSFODNN7EXAMPLE" in nested["attachment/keys.eml/body"]


def test_inline_image_is_ignored_but_attached_image_is_unscannable() -> None:
    msg = email.message.EmailMessage()
    msg["Subject"] = "Logo"
    msg.set_content("hello")
    msg.add_related(b"\x89PNG fake", maintype="image", subtype="png", cid="<logo>")
    inline_only = extract_message(msg.as_bytes())
    assert inline_only.unscannable == ()
    attached = message_with("scan attached", [("scan.png", "image/png", b"\x89PNG data")])
    problems = extract_message(attached).unscannable
    assert [(str(p.location), p.reason) for p in problems] == [
        ("attachment/scan.png", "image not scanned (image/png)")
    ]


def test_signature_parts_are_not_unscannable_but_encrypted_messages_are() -> None:
    signed = raw(
        'Subject: s\nContent-Type: multipart/signed; boundary="b"; protocol="x"\n',
        b"--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b\r\n"
        b"Content-Type: application/pgp-signature\r\n\r\n-----BEGIN PGP SIGNATURE-----\r\n"
        b"--b--\r\n",
    )
    assert extract_message(signed).unscannable == ()
    encrypted = raw(
        'Subject: e\nContent-Type: multipart/encrypted; boundary="b"\n',
        b"--b\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n--b--\r\n",
    )
    assert [p.reason for p in extract_message(encrypted).unscannable] == ["encrypted message"]


def test_damaged_base64_attachment_is_unscannable_not_a_crash() -> None:
    msg = raw(
        'Subject: x\nContent-Type: multipart/mixed; boundary="b"\n',
        b"--b\r\nContent-Type: text/plain\r\n\r\nbody\r\n--b\r\n"
        b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        b'Content-Disposition: attachment; filename="r.pdf"\r\n\r\nJVBERi0xLjQK!!!@@\r\n--b--',
    )
    result = extract_message(msg)
    assert "body" in texts(result)
    assert result.unscannable


def test_rfc2231_and_encoded_word_file_names_are_decoded() -> None:
    msg = raw(
        'Subject: x\nContent-Type: multipart/mixed; boundary="b"\n',
        b"--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment;\r\n"
        b" filename*0*=utf-8''na%C3%AFve%20;\r\n filename*1*=notes.txt\r\n\r\nfirst\r\n--b\r\n"
        b'Content-Type: text/plain; name="=?utf-8?q?R=C3=A9sum=C3=A9.txt?="\r\n\r\nsecond\r\n'
        b"--b--\r\n",
    )
    found = {str(s.location): s.text for s in extract_message(msg).segments}
    assert found["attachment/naïve notes.txt"] == "first"
    assert found["attachment/Résumé.txt"] == "second"


def test_missing_closing_boundary_keeps_the_last_part() -> None:
    msg = raw(
        'Subject: x\nContent-Type: multipart/mixed; boundary="b"\n',
        b"--b\r\nContent-Type: text/plain\r\n\r\nfirst\r\n--b\r\n\r\nlast words",
    )
    assert texts(extract_message(msg), "body") == "first\nlast words"


def test_absurdly_deep_mime_nesting_is_unscannable_but_the_subject_is_kept() -> None:
    levels = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
        for i in range(2000)
    )
    result = extract_message(b"Subject: deep\r\n" + levels + b"\r\nbottom\r\n")
    assert texts(result, "subject") == "deep"
    assert "levels" in result.unscannable[0].reason


def test_garbage_bytes_never_raise() -> None:
    for junk in (b"", b"\x00\xff\xfe", b"Content-Type: multipart/mixed; boundary=\r\n\r\n--"):
        assert isinstance(extract_message(junk), Extraction)


def test_body_over_the_text_limit_is_cut_and_reported() -> None:
    msg = raw("Subject: x\n", b"word " * 1000)
    result = extract_message(msg, ExtractLimits(max_text_chars=100))
    assert sum(len(s.text) for s in result.segments if s.location.part == "body") <= 100
    assert "too much text" in result.unscannable[0].reason


def test_stored_mailout_content_reads_subject_text_html_and_attachments() -> None:
    content = MailoutContent(
        from_addr="news@example.org",
        subject="Quarterly update",
        text="Plain text part",
        html="<p>Plain text part</p><p>HTML <i>only</i></p>",
        attachments=(
            Attachment("notes.docx", "application/octet-stream", make_docx(["Docx words"])),
        ),
    )
    result = extract_content(content)
    found = {str(s.location): s.text for s in result.segments}
    assert found["subject"] == "Quarterly update"
    assert found["body"] == "Plain text part"
    assert found["body.html"] == "HTML only"
    assert found["attachment/notes.docx"] == "Docx words"


def test_html_quoted_replies_become_quoted_segments_read_once() -> None:
    html = (
        b"<p>Sounds good.</p><div class='gmail_quote'>On Tue, Ann wrote:"
        b"<blockquote>Mark is being let go<blockquote>old thread</blockquote></blockquote></div>"
        b"<p>Thanks</p>"
    )
    result = extract_message(raw("Subject: x\nContent-Type: text/html\n", html))
    fresh = [s.text for s in result.segments if s.location.part == "body.html" and not s.quoted]
    quoted = [s.text for s in result.segments if s.quoted]
    assert fresh == ["Sounds good.\nThanks"]
    assert quoted == ["On Tue, Ann wrote:\nMark is being let go\nold thread"]
