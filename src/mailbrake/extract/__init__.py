"""Text out of a message, its body parts and its attachments."""

from __future__ import annotations

from email.message import Message

from mailbrake.extract.attachment import extract_source
from mailbrake.extract.html import html_extraction
from mailbrake.extract.limits import Budget, Extraction, ExtractLimits, Source, Unscannable
from mailbrake.extract.message import walk_raw
from mailbrake.extract.text import novel_segments, text_extraction
from mailbrake.models import Location, MailoutContent, TextSegment

__all__ = [
    "ExtractLimits",
    "Extraction",
    "Unscannable",
    "extract_attachment",
    "extract_content",
    "extract_message",
]

_DEFAULT = ExtractLimits()


def extract_message(raw: bytes | Message, limits: ExtractLimits = _DEFAULT) -> Extraction:
    """Subject, every body part and every attachment of a raw or parsed message; never raises."""
    budget = Budget(limits, limits.max_zip_total_bytes)
    try:
        return walk_raw(raw, budget)
    except Exception as exc:  # a parser bug on hostile input must hold the message, not crash
        reason = f"unreadable message ({type(exc).__name__})"
        return Extraction((), (Unscannable(Location("body"), reason),))


def extract_content(content: MailoutContent, limits: ExtractLimits = _DEFAULT) -> Extraction:
    """A stored mailout: subject, text, the lines only its html adds, and attachments."""
    budget = Budget(limits, limits.max_zip_total_bytes)
    text = text_extraction(content.text, Location("body"), limits)
    result = Extraction((TextSegment(Location("subject"), content.subject),)) + text
    if content.html:
        html = html_extraction(content.html, Location("body.html"), limits)
        added = novel_segments(text.segments, html.segments)
        result = result + Extraction(added, html.unscannable)
    for attachment in content.attachments:
        source = Source(attachment.filename, attachment.content_type, attachment.data)
        result = result + extract_source(source, budget)
    return result


def extract_attachment(
    filename: str, content_type: str, data: bytes, limits: ExtractLimits = _DEFAULT
) -> Extraction:
    """The text of one file, or an Unscannable saying why it cannot be read; never raises."""
    budget = Budget(limits, limits.max_zip_total_bytes)
    return extract_source(Source(filename, content_type, data), budget)
