"""Personal details that are not numbers with checksums: birth dates, home addresses,
health (`health`), pay (`pay`), personal phones, bank accounts and lists of people's contact
details."""

from __future__ import annotations

import re

from mailbrake.models import Category, Confidence, Finding, TextSegment
from mailbrake.rules import health, pay
from mailbrake.rules.base import Detector, finding, start_of
from mailbrake.rules.boilerplate import specimen_named
from mailbrake.rules.context import (
    MOST_EXAMPLES,
    cells_of,
    column_name,
    line_at,
    loosened,
    sentence_at,
    shown_as_example,
    window,
)
from mailbrake.rules.names import full_names, has_person
from mailbrake.rules.organisations import ASSOCIATION, LEGAL_FORM, MOST_OWN_ACCOUNTS, own_account
from mailbrake.rules.personal_patterns import (
    ACCOUNT,
    BANK_CONTEXT,
    DATE_RE,
    DOB,
    DOB_COLUMN,
    DOB_LABEL,
    HE_SHE,
    HOME,
    MOVED,
    OUR_PLACE,
    PERSONAL_PHONE,
    SORT_CODE,
)
from mailbrake.rules.redact import mask_identifier

NAME = "personal"
_PERSONAL_EMAIL = re.compile(
    r"(?i)[\w.+-]+@(?:gmail|googlemail|yahoo|hotmail|outlook|live|msn|icloud|me|aol|proton|protonmail"
    r"|gmx|web|mail|orange|free|btinternet|sky|virginmedia|comcast|verizon)\.[a-z.]{2,6}\b"
)
_ADDRESS_LIKE = re.compile(
    r"\b\d{1,5}[A-Za-z]? [A-Z][a-z]+(?: [A-Z][a-z]+)*,[^\n,]{2,40},? (?:[A-Z]{2} \d{5}|[A-Z]{1,2}\d[\dA-Z]? ?\d[A-Z]{2})"  # noqa: E501
)
_DIGIT = re.compile(r"\d")
_YOUR = re.compile(r"(?i)\byour\b")
# A phone number written the way phone numbers are, not any run of digits.
_TABLE_PHONE = re.compile(
    r"\(\d{3}\) ?\d{3}-\d{4}|\+\d{1,3}[ -]\(?\d{1,4}\)?[ -]\d{3,4}[ -]?\d{3,4}|\b0\d{3,4} ?\d{6}\b"
    r"|\b\d{3}[-.]\d{3}[-.]\d{4}\b"
    # French pairs (06 12 48 73 95), and the mobiles of ES, IT, PL and PT in threes
    # (627 410 385, 347 281 9034), DE and NL with a separator (0171 4829337, 06-52817463).
    r"|\b0[1-9](?:[ .]\d{2}){4}\b|\b[3-9]\d{2} \d{3} \d{3,4}\b|\b0\d{1,4}[ /-]\d{6,8}\b"
)
_TABLE_SEPARATOR = re.compile(r"\||\t|,")

# The pattern each part must match before it can find anything (see `prefilter`).
TRIGGERS: dict[str, re.Pattern[str]] = {
    "personal.dob": DOB_LABEL,
    "personal.date": DATE_RE,
    "personal.dob_column": DOB_COLUMN,
    "personal.home": HOME,
    "personal.moved": MOVED,
    **health.TRIGGERS,
    **pay.TRIGGERS,
    "personal.sort_code": SORT_CODE,
    "personal.account": ACCOUNT,
    "personal.bank_context": loosened(BANK_CONTEXT),  # searched in windows
    "personal.phone": PERSONAL_PHONE,
    "personal.email": _PERSONAL_EMAIL,
    "personal.address_like": _ADDRESS_LIKE,
    "personal.table_phone": _TABLE_PHONE,
}
ALL = frozenset(TRIGGERS)


def _dates_of_birth(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    text = segment.text
    if specimen_named(segment.location):
        return []  # a specimen form's invented birth date ("Facsimile_modulo_CIE.docx")
    if "personal.dob" not in hits:
        return _date_in_dob_column(segment, hits)
    # From a little before the first label: German puts "geboren" after the date.
    dates = list(DOB.finditer(text, max(0, start_of(hits, "personal.dob", text) - 80)))
    examples = [m for m in dates if _example_date(text, m)]
    if len(examples) <= MOST_EXAMPLES:
        dates = [m for m in dates if m not in examples]
    out = [
        finding(
            NAME,
            Category.PERSONAL_DATA,
            "date_of_birth",
            segment,
            f"date of birth {mask_identifier(m.group(1) or m.group(2), 0, 2)}",
            Confidence.MEDIUM,
        )
        for m in dates
    ]
    return out or _date_in_dob_column(segment, hits)


def _example_date(text: str, match: re.Match[str]) -> bool:
    """A form's guide shows the format: "Data di nascita: gg/mm/aaaa (es. 01/01/2011)"."""
    group = 1 if match.group(1) else 2
    return shown_as_example(text, match.start(group), match.end(group))


def _date_in_dob_column(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    """A bare date in a table column headed "DOB", "date of birth"..."""
    if "personal.date" not in hits or "personal.dob_column" not in hits:
        return []
    text = segment.text
    for match in DATE_RE.finditer(text, start_of(hits, "personal.date", text)):
        if DOB_COLUMN.search(column_name(text, match.start())):
            snippet = f"date of birth {mask_identifier(match.group(), 0, 2)}"
            return [
                finding(
                    NAME,
                    Category.PERSONAL_DATA,
                    "date_of_birth",
                    segment,
                    snippet,
                    Confidence.MEDIUM,
                )
            ]
    return []


# What follows an address's label when it is a date, not an address: "nova morada a partir de
# 2 de dezembro" (an office's move, announced).
_FROM_A_DATE = re.compile(
    r"(?i)\W*(?:a partir d[eo]|from|as of|ab|à partir d[ue]|desde|dal|vanaf|per|od|since|seit"
    r"|depuis)\b"
)


# A document that proves an address, asked for: "un justificatif de domicile de moins de 3 mois".
_A_PROOF = re.compile(
    r"(?i)\b(?:justificatif|attestation|preuve|proof|comprovativo|certificado|certificato"
    r"|bewijs|za[śs]wiadczenie|Nachweis)\s+(?:de |d['’]|of |di |van |o |des )?$"
)


# Portuguese "morada" is any address: a person's after their full name or in a record of theirs
# ("Nome: ... / Morada: ... / NIF: ..."), not a venue's in a welcome note.
_RECORD_LABEL = re.compile(
    r"(?i)\b(?:nome|NIF|telem[óo]vel|telefone|data de nascimento|e-?mail|c[óo]digo postal"
    r"|cart[ãa]o de cidad[ãa]o|n\.?º? de utente)\s*:"
)


def _any_address(text: str, match: re.Match[str]) -> bool:
    """Whether the label is a bare "morada" with no person's full name before it ("Sr. Albano
    Ferreira, 78 anos, ... Morada: ...") and outside a person's record, or a bare
    "Anschrift" in an organisation's record (its name and legal form just above)."""
    label = match.group().lower()
    if label.startswith("anschrift"):
        # a firm's record: "Firma | Holzwerk Ebner GmbH" above "Anschrift | Am Sägewerk 3"
        lead = text[max(0, match.start() - 200) : match.start()]
        return bool(LEGAL_FORM.search(lead) or ASSOCIATION.search(lead))
    if not label.startswith("morada"):
        return False
    if full_names(text[max(0, match.start() - 300) : match.start()]):
        return False
    return _RECORD_LABEL.search(text, max(0, match.start() - 200), match.end() + 200) is None


def _home_addresses(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    text = segment.text
    found = (
        [
            m
            for m in HOME.finditer(text)
            if not _FROM_A_DATE.match(m.group(1))
            and not _any_address(text, m)
            and not _A_PROOF.search(text, max(0, m.start() - 30), m.start())
        ]
        if "personal.home" in hits
        else []
    )
    for m in MOVED.finditer(text) if "personal.moved" in hits else ():
        sentence = sentence_at(text, m.start(), m.end())
        lead = text[max(0, m.start() - 100) : m.start()]  # "Unser Büro hat ab 1. Mai ..."
        ours = OUR_PLACE.search(sentence) or OUR_PLACE.search(lead)
        if (has_person(sentence) or HE_SHE.search(sentence)) and not ours:
            found.append(m)  # "Her new address is ...": a person's move, not an office's
    return [
        finding(
            NAME,
            Category.PERSONAL_DATA,
            "home_address",
            segment,
            f"home address {mask_identifier(m.group(1).strip(), 0, 0)[:24]}",
            Confidence.MEDIUM,
        )
        for m in found
        if not _EXAMPLE_ADDRESS.search(m.group(1))
    ]


# A guide's made-up address: "Musterweg 1, 12345 Musterstadt", "1 Example Street".
_EXAMPLE_ADDRESS = re.compile(
    r"(?i)muster|beispiel|example|sample|exemple|ejemplo|esempio|voorbeeld|przyk[łl]ad|exemplo"
)


# A number shown as an example ("Example layout: ... account number 12345678").
_EXAMPLE = re.compile(
    r"(?i)\b(?:(?:example|for instance|sample|dummy|fictitious|made[- ]up|placeholder"
    r"|Beispiel|exemple|ejemplo|esempio|voorbeeld|przyk[łl]ad|exemplo)\b|e\.g\.)"
)


def _an_example(text: str, match: re.Match[str], listed: bool) -> bool:
    """Whether an account number is an example: a run like 12345678 or 00000000, or the word
    example on its line (not in a list of accounts: "e.g." before each row is still a list)."""
    digits = re.sub(r"\D", "", match.group(1))
    run = "01234567890123456789"
    if digits in run or len(set(digits)) == 1:
        return True
    return not listed and _EXAMPLE.search(line_at(text, match.start())) is not None


def _bank_accounts(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    text = segment.text
    if "personal.sort_code" not in hits and "personal.bank_context" not in hits:
        return []
    sort_codes = list(SORT_CODE.finditer(text)) if "personal.sort_code" in hits else []
    accounts = "personal.bank_context" in hits and "personal.account" in hits
    numbers = list(ACCOUNT.finditer(text)) if accounts else []
    # More than two different accounts in one part are a list of them: a context word near
    # one ("Society account", an example line) covers none (organisations.own_account).
    listed = max(_distinct(sort_codes), _distinct(numbers)) > MOST_OWN_ACCOUNTS
    out = [
        finding(
            NAME,
            Category.PERSONAL_DATA,
            "sort_code",
            segment,
            f"sort code {mask_identifier(m.group(1), 0, 2)}",
            Confidence.MEDIUM,
        )
        for m in sort_codes
        if not own_account(text, m.start(1), m.end(), listed) and not _an_example(text, m, listed)
    ]
    for m in numbers:
        if own_account(text, m.start(1), m.end(), listed):
            continue  # a business's own account, given to be paid
        if _an_example(text, m, listed):
            continue
        if BANK_CONTEXT.search(window(text, m.start(), m.end(), before=200, after=100)):
            out.append(
                finding(
                    NAME,
                    Category.PERSONAL_DATA,
                    "bank_account",
                    segment,
                    f"account {mask_identifier(m.group(1), 0, 2)}",
                    Confidence.MEDIUM,
                )
            )
    return out


def _distinct(matches: list[re.Match[str]]) -> int:
    return len({re.sub(r"\D", "", m.group(1)) for m in matches})


def _phones(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    if "personal.phone" not in hits:
        return []
    return [
        finding(
            NAME,
            Category.PERSONAL_DATA,
            "personal_phone",
            segment,
            f"personal phone {mask_identifier(m.group(1) or m.group(2), 0, 2)}",
            Confidence.MEDIUM,
        )
        for m in PERSONAL_PHONE.finditer(segment.text)
        if not (m.group(2) and _SERVICE_LINE.search(m.group()))
    ]


# An organisation's own emergency line ("the agency's emergency contact", "our 24h emergency
# number"), given to customers: nobody's private number.
_SERVICE_LINE = re.compile(
    r"(?i)\b(?:agency|ag[êe]ncia|agence|agencia|agentur|agenzia|biur\w*|hotel|school|escola"
    r"|[ée]cole|escuela|scuola|schule|office|kantoor|reception|recep[çc][ãa]o|r[ée]ception"
    r"|helpdesk|service|servizio|servi[çc]o|our|nuestr[oa]|notre|unser\w*|nostr[oa]|onze"
    r"|nasz\w*|nossa|nosso|24 ?h|24/7|hotline|line|linha|ligne|l[íi]nea|linea|lijn|linii)\b"
)


def _contact_list(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    """Three or more lines that each pair a person's name with personal contact details."""
    if not hits.intersection(("personal.email", "personal.address_like", "personal.table_phone")):
        return []
    # A line is a piece of the text and these patterns never span lines, so one whose
    # trigger is not in `hits` cannot match any line: skip its search.
    email = _PERSONAL_EMAIL if "personal.email" in hits else None
    address = _ADDRESS_LIKE if "personal.address_like" in hits else None
    phone = _TABLE_PHONE if "personal.table_phone" in hits else None
    rows = 0
    for line in segment.text.splitlines():
        # Each personal detail below holds an "@" or a digit: other lines cannot count.
        if "@" not in line and not _DIGIT.search(line):
            continue
        if len(line) > 400 or len(cells_of(line)) < 3 or not full_names(line):
            continue
        personal = (email and email.search(line)) or (address and address.search(line))
        if personal or (phone and phone.search(line) and _TABLE_SEPARATOR.search(line)):
            rows += 1
    if rows < 3:
        return []
    return [
        finding(
            NAME,
            Category.PERSONAL_DATA,
            "contact_list",
            segment,
            f"list of {rows} people with personal contact details",
            Confidence.MEDIUM,
        )
    ]


PARTS = (
    _dates_of_birth,
    _home_addresses,
    health.find_health,
    pay.find_pay,
    _bank_accounts,
    _phones,
    _contact_list,
)


def find_personal(segment: TextSegment, hits: frozenset[str] = ALL) -> list[Finding]:
    return [item for part in PARTS for item in part(segment, hits)]


# Searched over the whole segment from where Hyperscan says they can start (`start_of`).
# (Not the home address: its open tail reports a match at every end, costing more than it saves.)
LOCATED = frozenset(("personal.dob", "personal.date", "personal.health", "personal.salary"))
DETECTOR = Detector(NAME, Category.PERSONAL_DATA, find_personal, TRIGGERS, LOCATED)
