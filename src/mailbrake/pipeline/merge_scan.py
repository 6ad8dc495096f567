"""Merge scan: the check reads what recipients receive, not only the templates.

It scans the list columns the templates use (merge_columns) and renders the message for a
sample of recipients (merge_sample), then says for each finding whom its value reaches:
"from merge field `iban`, each recipient gets their own" (Origin.OWN) or "the same value goes
to everyone" (Origin.SHARED). The rendered copies, with each recipient's own name and address
taken out of their own copy, also tell the audience check who is named in the content.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from mailbrake.errors import TemplateError
from mailbrake.extract import extract_content
from mailbrake.mime.templates import CompiledTemplates, TemplatePartError, compile_templates
from mailbrake.models import (
    Category,
    Confidence,
    Finding,
    Location,
    Mailout,
    MailoutContent,
    Origin,
    Subscriber,
    TextSegment,
)
from mailbrake.pipeline.merge_columns import MERGE_FIELD, ColumnHit
from mailbrake.pipeline.merge_sample import AudienceSample, read_audience
from mailbrake.rules import detect_rules
from mailbrake.rules.meaning import DETECTOR_NAME as DETECTOR_MEANING
from mailbrake.rules.meaning import MeaningModel, default_model, meaning_findings
from mailbrake.rules.meaning.model import ModelFileError
from mailbrake.settings import Settings
from mailbrake.store import Store

DETECTOR = "merge"
OWN_WORDS = "each recipient gets their own"
SHARED_WORDS = "the same value goes to everyone"
_MAX_LIMIT_FAILURES = 3
_MIN_VALUE = 3  # shorter column values are too common to look for in the rendered text

Key = tuple[Category, str, str]  # category, kind, location


@dataclass(frozen=True, slots=True)
class MergeScan:
    """Findings about what recipients receive, and rendered text for the audience check."""

    findings: tuple[Finding, ...]
    segments: tuple[TextSegment, ...]


@dataclass(slots=True)
class _Seen:
    """One kind of finding in one place of the rendered copies."""

    example: Finding
    copies: int = 0
    snippets: set[str] = field(default_factory=set)


def scan_merges(
    store: Store, settings: Settings, mailout: Mailout, static: Sequence[Finding]
) -> MergeScan:
    """What the sampled recipients would receive, beyond the `static` findings of the
    templates as written. Never raises for a recipient's data: a copy that cannot be
    rendered becomes an unscannable finding."""
    try:
        templates = compile_templates(mailout.content, settings.render_limits())
    except TemplateError as exc:  # stored before the sandbox checks at create, say
        return MergeScan((_failure_finding(exc, 1, 1),), ())
    total = store.count_recipients(mailout.list_id)
    model = _meaning_model()
    sample = read_audience(
        store.iter_recipients(mailout.list_id),
        total,
        templates.fields,
        settings.check_render_sample,
        random.SystemRandom(),  # unpredictable, so a list cannot be arranged around it
        model,  # every recipient's remark is read, not only the sampled copies'
    )
    return _Scan(mailout.content, templates, sample, static, model).run()


class _Scan:
    def __init__(
        self,
        content: MailoutContent,
        templates: CompiledTemplates,
        sample: AudienceSample,
        static: Sequence[Finding],
        model: MeaningModel | None,
    ) -> None:
        self.content = content
        self.templates = templates
        self.sample = sample
        self.static_keys = {_key(f) for f in static}
        # The meaning model reads each rendered copy as a whole message too: a merge field's
        # value ("note": a remark about a colleague) is read, not only the template's words.
        self.model = model
        self.static_meaning = {f.category for f in static if f.detector == "meaning"}
        self.meaning_seen: dict[Category, _Seen] = {}
        self.seen: dict[Key, _Seen] = {}
        self.failures: list[TemplateError] = []
        self.shown: set[str] = set()  # columns whose values appear in a rendered copy
        self.segments: list[TextSegment] = []
        self.rendered = 0

    def run(self) -> MergeScan:
        columns = self.sample.columns
        hit_columns = {hit.column for hit in columns}
        built_in = self._neutral_kinds()
        for recipient in self.sample.rendered:
            if sum(1 for f in self.failures if _is_limit(f)) >= _MAX_LIMIT_FAILURES:
                break  # each costs up to the CPU budget; a few prove the point
            self._render(recipient, hit_columns)
        findings = [
            self._column_finding(hit)
            for hit in columns
            if self._shows(hit, built_in) and not self._meaning_known(hit)
        ]
        explained = {(f.category, f.kind) for f in findings} | {
            (hit.category, hit.kind) for hit in columns
        }
        for key, seen in self.seen.items():
            if key in self.static_keys or (key[:2] in explained and key[1] not in built_in):
                continue
            findings.append(self._rendered_finding(seen, key[1] in built_in))
        findings += [
            self._meaning_finding(seen)
            for category, seen in self.meaning_seen.items()
            if category not in self.static_meaning
        ]
        findings += self._failure_findings()
        return MergeScan(tuple(findings), tuple(self.segments))

    def _neutral_kinds(self) -> set[str]:
        """Kinds found when every field is a neutral placeholder: built in the template."""
        neutral = dict.fromkeys(self.templates.fields | {"email", "name"}, "x")
        try:
            parts = self.templates.render(neutral)
        except TemplateError:
            return set()
        return {f.kind for f in detect_rules(self._segments(parts.subject, parts.text, parts.html))}

    def _render(self, recipient: Subscriber, hit_columns: set[str]) -> None:
        try:
            parts = self.templates.render(recipient.template_fields())
        except TemplateError as exc:
            self.failures.append(exc)
            return
        self.rendered += 1
        segments = self._segments(parts.subject, parts.text, parts.html)
        for found in detect_rules(segments):
            seen = self.seen.setdefault(_key(found), _Seen(found))
            seen.copies += 1
            seen.snippets.add(found.snippet)
        if self.model is not None:
            for found in meaning_findings(self.model, segments):
                seen = self.meaning_seen.setdefault(found.category, _Seen(found))
                seen.copies += 1
        text = "\n".join(s.text for s in segments)
        for column in hit_columns - self.shown:
            value = recipient.attributes.get(column, "").strip()
            if len(value) >= _MIN_VALUE and value in text:
                self.shown.add(column)
        self.segments += [replace_text(s, _without_self(s.text, recipient)) for s in segments]

    def _segments(self, subject: str, text: str, html: str | None) -> list[TextSegment]:
        copy = MailoutContent(self.content.from_addr, subject, text, html)
        return list(extract_content(copy).segments)

    def _meaning_known(self, hit: ColumnHit) -> bool:
        """A model finding in a column's values adds nothing where the model already found
        that category in the template as written or in a rendered copy (which says more: the
        whole message as received)."""
        return hit.detector == DETECTOR_MEANING and (
            hit.category in self.static_meaning or hit.category in self.meaning_seen
        )

    def _shows(self, hit: ColumnHit, built_in: set[str]) -> bool:
        """A used column counts when its values reach the copies (not only an if-test)."""
        if hit.column in self.shown:
            return True
        key_kinds = {(k[0], k[1]) for k in self.seen if k not in self.static_keys}
        return (hit.category, hit.kind) in key_kinds and hit.kind not in built_in

    def _column_finding(self, hit: ColumnHit) -> Finding:
        whose = OWN_WORDS if hit.own else SHARED_WORDS
        snippet = f"{hit.snippet}; from merge field `{hit.column}`, {whose}"
        origin = Origin.OWN if hit.own else Origin.SHARED
        location = Location(MERGE_FIELD, hit.column)
        return Finding(
            hit.category, hit.detector, hit.kind, location, snippet, hit.confidence, origin
        )

    def _rendered_finding(self, seen: _Seen, built_in: bool) -> Finding:
        first = seen.example
        same = len(seen.snippets) == 1 and seen.copies == self.rendered and self.rendered > 1
        if built_in:
            origin, where = Origin.SHARED, f"built in the template, {SHARED_WORDS}"
        elif same:
            origin, where = Origin.SHARED, f"from the merge fields, {SHARED_WORDS}"
        else:
            origin, where = Origin.OWN, f"from the merge fields, {OWN_WORDS}"
        counted = f"{seen.copies} of {self.rendered} rendered copies"
        snippet = f"{first.snippet}; {where} ({counted})"
        return Finding(
            first.category, first.detector, first.kind, first.location, snippet,
            first.confidence, origin,
        )  # fmt: skip

    def _meaning_finding(self, seen: _Seen) -> Finding:
        """The model judged some rendered copies (not the template as written) sensitive."""
        counted = f"{seen.copies} of {self.rendered} rendered copies"
        snippet = f"{seen.example.snippet}; from the merge fields ({counted})"
        return replace(seen.example, snippet=snippet, origin=Origin.OWN)

    def _failure_findings(self) -> list[Finding]:
        if not self.failures:
            return []
        first = next((f for f in self.failures if _is_limit(f)), self.failures[0])
        return [_failure_finding(first, len(self.failures), len(self.sample.rendered))]


def _meaning_model() -> MeaningModel | None:
    """The shipped model; None when it cannot be read (the check's own scanner reports that)."""
    try:
        return default_model()
    except ModelFileError:
        return None


def _is_limit(error: TemplateError) -> bool:
    return isinstance(error, TemplatePartError) and bool(error.limit)


def _failure_finding(error: TemplateError, failed: int, tried: int) -> Finding:
    """The templates could not be rendered for some recipients: which part, why, how many."""
    kind = "render_limit" if _is_limit(error) else "render_failed"
    part = error.part if isinstance(error, TemplatePartError) else "body"
    reason = f"{error.message} ({failed} of {tried} sampled recipients)"
    location = Location("subject" if part == "subject" else "body", detail="rendered")
    return Finding(Category.UNSCANNABLE, DETECTOR, kind, location, reason, Confidence.HIGH)


def _key(found: Finding) -> Key:
    return found.category, found.kind, str(found.location)


def replace_text(segment: TextSegment, text: str) -> TextSegment:
    return TextSegment(segment.location, text, segment.quoted)


def _without_self(text: str, recipient: Subscriber) -> str:
    """The copy, in lower case (the audience check folds case anyway), without the
    recipient's own name and address: being greeted is not being named in the content.
    Another recipient's name stays."""
    text = text.lower()
    email = recipient.email.lower()
    for own in (email, recipient.name.strip().lower(), email.partition("@")[0]):
        if len(own) >= _MIN_VALUE:
            text = text.replace(own, " ")
    return text
