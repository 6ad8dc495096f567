"""The meaning detector: a learned model for gossip, internal, confidential and personal data.

It reads the whole message (all parts at once, since a label covers the message), and for
each category whose probability passes its threshold reports the sentence that weighed
most, where it is (part, attachment, line), the score and the words that weighed most.
Its findings are guesses: the policy lets them warn or hold, never block on their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from mailbrake.models import Category, Confidence, Finding, Location, TextSegment
from mailbrake.rules.boilerplate import (
    EMBARGO_WORD,
    REPORTED,
    blank_form,
    in_forwarded_news,
    says_embargo_over,
)
from mailbrake.rules.meaning.model import Evidence, MeaningModel, load_model
from mailbrake.rules.organisations import held_by_organisation
from mailbrake.rules.readable import visible

__all__ = ["DETECTOR_NAME", "MeaningModel", "default_model", "meaning_findings"]

DETECTOR_NAME = "meaning"
_MARKUP = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'')
# An account number as a payment block gives it: an IBAN, a sort code, or digits after an
# account word (the rules' `identifiers` and `personal` read each more closely).
_ACCOUNT_NUMBER = re.compile(
    r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}\b|(?i:\bsort ?code\b)"
    r"|(?i:\b(?:account|acct|a/c|konto|kontonummer|rachun\w*|nr rachunku|conta|cuenta|conto"
    r"|rekening\w*|compte|RIB)\b)[^\n\d]{0,20}\d[\d -]{5,}"
)
# Above this probability a finding is as sure as a model finding gets (still never a block).
_SURE = 0.9


@cache
def default_model() -> MeaningModel:
    """The model shipped in the package, read once per process."""
    ref = resources.files("mailbrake") / "data" / "meaning.json.gz"
    with resources.as_file(ref) as path:
        return load_model(Path(path))


def meaning_findings(model: MeaningModel, segments: Sequence[TextSegment]) -> list[Finding]:
    """One finding per category the model puts above its threshold for this message. The
    model reads each part without its format characters (`visible`), as it was trained."""
    parts = [s for s in segments if s.text and not s.text.isspace()]
    if not parts:
        return []
    out = []
    texts = [visible(_without_markup(s.text) if s.template else s.text) for s in parts]
    for verdict, evidence in model.assess(texts):
        segment = parts[evidence.part] if evidence else parts[0]
        if evidence and _not_ours(verdict.category, segment, evidence, texts[evidence.part]):
            continue
        confidence = Confidence.HIGH if verdict.probability >= _SURE else Confidence.MEDIUM
        out.append(
            Finding(
                Category(verdict.category),
                DETECTOR_NAME,
                f"{verdict.category}_meaning",
                _located(segment.location, evidence),
                _snippet(evidence),
                confidence,
                score=round(verdict.probability, 3),
                words=evidence.words if evidence else (),
            )
        )
    return out


def _without_markup(text: str) -> str:
    """A template's text with its markup (`{{ name }}`, `{% if %}`, `{# #}`) reduced to what
    it prints as written: the words of its string literals. Only for segments marked as a
    template: in a gateway message or a scanned file, braces are text recipients read.

    A placeholder's name is not what recipients read: "Hello {{ name }}" read as words put
    "name" next to "hello", the words of a staff table, and a plain greeting was flagged as
    personal data. A literal is kept (`{{ "Kevin drinks at lunch" }}` is read as its words),
    so markup is no hiding place. The values that fill the placeholders are checked in the
    rendered copies (pipeline.merge_scan). Line breaks inside markup are kept, so the lines a
    finding names stay right.
    """
    if "{{" not in text and "{%" not in text and "{#" not in text:
        return text
    return _MARKUP.sub(_printed_words, text)


def _printed_words(markup: re.Match[str]) -> str:
    found = markup.group()
    breaks = "\n" * found.count("\n")
    if found.startswith("{#"):
        return breaks or " "
    words = " ".join(a or b for a, b in _LITERAL.findall(found))
    return f" {words} {breaks}" if words else breaks or " "


def _not_ours(category: str, segment: TextSegment, evidence: Evidence, text: str) -> bool:
    """Whether the sentence that weighed most is plainly not a secret of this organisation's
    or a person's. For a confidential or internal guess: it sits in a file named as a
    template (a blank NDA), in a paragraph that reports somebody else's case (a press
    article, a published decision) or in a message forwarded from a news source (a
    newsletter, a press digest), or it is an embargo the message says is over, as the rules
    ask of their own words (`boilerplate`). For a personal-data guess: its paragraph is a
    business's payment block, every account number in it the business's own ("Pay to: Acme
    Ltd, sort code ..."), as the rules judge them (`organisations.held_by_organisation`)."""
    if category not in ("confidential", "internal", "personal_data"):
        return False
    lines = text.split("\n")
    first = last = evidence.line - 1
    while first > 0 and lines[first - 1].strip():
        first -= 1
    while last + 1 < len(lines) and lines[last + 1].strip():
        last += 1
    paragraph = "\n".join(lines[first : last + 1])
    start = sum(len(line) + 1 for line in lines[:first])
    if category == "personal_data":
        accounts = [
            m.start() for m in _ACCOUNT_NUMBER.finditer(text, start, start + len(paragraph))
        ]
        return bool(accounts) and all(held_by_organisation(text, at) for at in accounts)
    if blank_form(segment.location):
        return True
    if in_forwarded_news(text, start):
        return True
    if category == "confidential" and EMBARGO_WORD.search(paragraph) and says_embargo_over(text):
        return True  # "EMBARGOED UNTIL 07:00" over a release whose embargo has lifted
    return REPORTED.search(paragraph) is not None


def _located(location: Location, evidence: Evidence | None) -> Location:
    if evidence is None:
        return location
    line = f"line {evidence.line}"
    detail = f"{location.detail} {line}" if location.detail else line
    return Location(location.part, location.name, detail)


def _snippet(evidence: Evidence | None) -> str:
    """The cue, not the sentence: the words that weighed most (every number is already "0").

    Like the gossip and health findings, a meaning finding does not quote the sentence, which
    may be the very health fact or deal term the check is keeping in; the location names its
    line, and the words say why.
    """
    if evidence is None or not evidence.words:
        return "the message as a whole"
    return f"sentence weighed most: {', '.join(evidence.words)}"
