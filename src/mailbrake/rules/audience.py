"""Audience checks: how many recipients, how many outside, and who is named in the content."""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from mailbrake.models import TextSegment
from mailbrake.policy import AudienceFacts

# A name word: letters, with inner apostrophes or hyphens (O'Brien, Mary-Jane).
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
# "jane.smith", "j_smith": where a local part can show up in text on its own.
_DOTTED = re.compile(r"[^\W_]+(?:[._-][^\W_]+)+")
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_POSSESSIVE = re.compile(r"'s\b")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>")
# Header and attribution lines inside a quoted reply name its writer, not its subject.
_QUOTE_HEADERS = re.compile(
    r"^[ \t]*(?:(?:From|To|Cc|Sent|Von|An|De|À|Para|Envoyé|Gesendet)[ \t]*:[^\n]*"
    r"|(?:On|Am|Le|El)\b[^\n]*(?:wrote|schrieb|écrit|escribió)[ \t]*:?)[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "herr", "frau"})
# Mailboxes named in text because they are contact points, not because mail is about them.
_ROLE_MAILBOXES = frozenset(
    {"info", "hr", "sales", "support", "admin", "office", "contact", "team", "all", "staff"}
    | {"payroll", "it", "help", "helpdesk", "noreply", "no-reply", "accounts", "billing"}
    | {"finance", "legal", "press", "news", "newsletter", "marketing", "service", "enquiries"}
    | {"reception", "security", "jobs", "careers", "webmaster", "postmaster", "privacy", "dpo"}
)

# Punctuation that separates name words in display names and local parts.
_SPACES = str.maketrans(dict.fromkeys(',.;:_"()[]<>', " "))

NameKey = tuple[str, str]


def audience_facts(
    recipients: Iterable[tuple[str, str]],
    internal_domains: Sequence[str],
    segments: Sequence[TextSegment],
) -> AudienceFacts:
    """Size, external recipients by domain, and recipients named in the content.

    A domain is internal when it is, or is a subdomain of, one of `internal_domains`.
    A recipient is named when the content holds their full name ("Jane Smith", "Smith, Jane",
    "Jane A. Smith"), their address, or a local part such as "jane.smith" / "j.smith".
    Single-word names do not count. Work is linear in recipients plus text, not their product.
    """
    seen = _TextIndex(segments)
    internal = _DomainSet(internal_domains)
    emails: set[str] = set()
    external: list[str] = []
    named: list[str] = []
    for address, display in recipients:
        email = address.strip().lower()
        if not email or email in emails:
            continue
        emails.add(email)
        local, _, domain = email.rpartition("@")
        if not internal.contains(domain):
            external.append(domain)
        if seen.names(local, domain, display):
            named.append(email)
    return AudienceFacts(len(emails), len(external), dict(Counter(external)), tuple(named))


class _DomainSet:
    """Internal domains, with subdomains of each counted as internal; answers are cached."""

    def __init__(self, domains: Sequence[str]) -> None:
        self._roots = frozenset(d.strip().lower().lstrip("@") for d in domains if d.strip())
        self._cache: dict[str, bool] = {}

    def contains(self, domain: str) -> bool:
        known = self._cache.get(domain)
        if known is None:
            labels = domain.split(".")
            known = any(".".join(labels[i:]) in self._roots for i in range(len(labels)))
            self._cache[domain] = known
        return known


class _TextIndex:
    """The words, word pairs, dotted tokens and addresses in the content, for O(1) lookups.

    Each set is built on first use. For the first few look-ups a plain substring test comes
    first: a name or address that is not even a substring of the content is in none of the
    sets, and the few recipients of most messages are named nowhere, so the sets are rarely
    built. The budget keeps a long recipient list linear: past it, only the sets answer.
    """

    PROBES = 16

    def __init__(self, segments: Sequence[TextSegment]) -> None:
        texts = [_QUOTE_HEADERS.sub("", s.text) if s.quoted else s.text for s in segments]
        self._text = _POSSESSIVE.sub("", "\n".join(texts).lower().replace("’", "'"))
        self._probes = self.PROBES

    @functools.cached_property
    def _words(self) -> list[str]:
        return _WORD.findall(self._text)

    @functools.cached_property
    def _word_set(self) -> frozenset[str]:
        return frozenset(self._words)

    @functools.cached_property
    def _pairs(self) -> set[tuple[str, str]]:
        # Adjacent pairs, plus pairs one word apart so that "Jane A. Smith" counts.
        words = self._words
        pairs = set(itertools.pairwise(words))
        pairs.update(zip(words, words[2:], strict=False))
        return pairs

    @functools.cached_property
    def _dotted(self) -> frozenset[str]:
        return frozenset(_DOTTED.findall(self._text))

    @functools.cached_property
    def _emails(self) -> frozenset[str]:
        return frozenset(_EMAIL.findall(self._text))

    def names(self, local: str, domain: str, display: str) -> bool:
        """Whether the recipient (address parts and display name) appears in the content."""
        # Most recipients are not named at all: reject them with set lookups before parsing.
        if display and self._has_any_word(display.lower().translate(_SPACES).split()):
            key = _name_key(display)
            if key is not None and (key in self._pairs or (key[1], key[0]) in self._pairs):
                return True
        if local in _ROLE_MAILBOXES:
            return False
        address = f"{local}@{domain}"
        if not self._surely_absent(address) and address in self._emails:
            return True
        if self._surely_absent(local) or local not in self._dotted:
            return False
        return _is_personal_local(local, _name_key(display) or _name_key(local.translate(_SPACES)))

    def _has_any_word(self, words: list[str]) -> bool:
        if all(self._surely_absent(word) for word in words):
            return False
        return not self._word_set.isdisjoint(words)

    def _surely_absent(self, needle: str) -> bool:
        """True when `needle` is not in the content at all (a word or token of it is a
        substring of it); False when it may be, or when the probe budget is spent."""
        if self._probes <= 0:
            return False
        self._probes -= 1
        return needle not in self._text


def _name_key(display: str) -> NameKey | None:
    """(first, last) in lower case from "Jane Smith", "Smith, Jane" or "Dr Jane A. Smith"."""
    if not display:
        return None
    name = _BRACKETS.sub(" ", display).strip().strip("\"'")
    if name.count(",") == 1:
        last, first = name.split(",")
        name = f"{first} {last}"
    words = [w for w in _WORD.findall(name.lower().replace("’", "'")) if w not in _TITLES]
    words = [w for w in words if len(w) > 1]  # initials are too ambiguous to look up
    if len(words) < 2:
        return None
    return words[0], words[-1]


def _is_personal_local(local: str, key: NameKey | None) -> bool:
    """A local part made of name pieces ("jane.smith", "j.smith") that fit the display name."""
    pieces = re.split(r"[._-]", local)
    if len(pieces) < 2 or not all(p.isalpha() for p in pieces):
        return False
    return key is None or key[1] in pieces or key[0] in pieces
