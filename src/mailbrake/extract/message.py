"""The MIME walk: subject, every body part and every attachment of a message, nested ones too."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message

from mailbrake.extract.attachment import SIGNATURE_TYPES, extract_source
from mailbrake.extract.html import html_extraction
from mailbrake.extract.limits import Budget, Extraction, Source, Unscannable
from mailbrake.extract.parts import Part, parse_part, to_bytes
from mailbrake.extract.text import decode_bytes, novel_segments, text_extraction
from mailbrake.models import Location, TextSegment

_ENCRYPTED_TYPES = frozenset(
    {"multipart/encrypted", "application/pkcs7-mime", "application/x-pkcs7-mime"}
)
_BODY_TYPES = frozenset({"text/plain", "text/html"})


@dataclass(frozen=True, slots=True)
class _Where:
    """Where a message sits: "" for the top level, else its attachment path ("fwd.eml")."""

    prefix: str
    depth: int

    def body(self, part: str) -> Location:
        return Location(part) if not self.prefix else Location("attachment", self.prefix, part)

    def child(self, filename: str) -> str:
        return f"{self.prefix}/{filename}" if self.prefix else filename


def walk_raw(raw: bytes | Message, budget: Budget) -> Extraction:
    """Subject, body parts and attachments of a top-level message."""
    return walk_message(parse_part(raw if isinstance(raw, bytes) else to_bytes(raw)), budget)


def walk_message(root: Part, budget: Budget, prefix: str = "", depth: int = 0) -> Extraction:
    """Subject, body parts and attachments of one (possibly attached) message."""
    where = _Where(prefix, depth)
    subject = root.subject
    result = Extraction((TextSegment(where.body("subject"), subject),) if subject.strip() else ())
    return result + _walk(root, where, budget)


def extract_nested(source: Source, budget: Budget) -> Extraction:
    """An attached message (.eml or message/rfc822), read like the outer one."""
    if source.depth >= budget.limits.max_zip_depth:
        reason = f"message nested too deep (more than {budget.limits.max_zip_depth} levels)"
        return Extraction((), (Unscannable(Location("attachment", source.name), reason),))
    return walk_message(parse_part(source.data), budget, source.name, source.depth)


def _walk(part: Part, where: _Where, budget: Budget) -> Extraction:
    ctype = part.content_type
    problem = _problem(part, where)
    if ctype in _ENCRYPTED_TYPES or (part.problem and not part.data):
        return problem
    if part.children:
        if ctype == "multipart/alternative":
            return problem + _alternative(part.children, where, budget)
        result = problem
        for child in part.children:
            result = result + _walk(child, where, budget)
        return result
    return problem + _leaf(part, ctype, where, budget)


def _problem(part: Part, where: _Where) -> Extraction:
    """An Unscannable for an encrypted part or one whose body could not be decoded."""
    if part.content_type in _ENCRYPTED_TYPES:
        reason = "encrypted message"
    elif part.problem:
        reason = part.problem
    else:
        return Extraction()
    name = where.child(part.filename or part.content_type)
    return Extraction((), (Unscannable(Location("attachment", name), reason),))


def _leaf(part: Part, ctype: str, where: _Where, budget: Budget) -> Extraction:
    if ctype in SIGNATURE_TYPES:
        return Extraction()
    is_attachment = part.disposition == "attachment"
    if ctype.startswith("image/"):
        # Inline logos and signatures are everywhere; only a real image attachment needs a person.
        if not is_attachment or not part.data:
            return Extraction()
        location = Location("attachment", where.child(part.filename or ctype))
        return Extraction((), (Unscannable(location, f"image not scanned ({ctype})"),))
    if ctype in _BODY_TYPES and not is_attachment and not part.filename:
        text = decode_bytes(part.data, part.charset)
        if ctype == "text/html":
            return html_extraction(text, where.body("body.html"), budget.limits)
        return text_extraction(text, where.body("body"), budget.limits)
    if not part.data and not part.filename:
        return Extraction()
    name = where.child(part.filename or f"unnamed {ctype}")
    if ctype == "message/rfc822":
        source = Source(name, ctype, part.data, where.depth + 1)
        return extract_nested(source, budget)
    content_type = f"{ctype}; charset={part.charset}" if part.charset else ctype
    return extract_source(Source(name, content_type, part.data, where.depth), budget)


def _alternative(children: list[Part], where: _Where, budget: Budget) -> Extraction:
    """The plain version, plus only what the other versions add (they mostly repeat it)."""
    results = [(child.content_type, _walk(child, where, budget)) for child in children]
    plain = next((r for ctype, r in results if ctype == "text/plain"), None)
    if plain is None:
        return sum((r for _, r in results), Extraction())
    out = plain
    for _, result in results:
        if result is not plain:
            added = novel_segments(plain.segments, result.segments)
            out = out + Extraction(added, result.unscannable)
    return out
