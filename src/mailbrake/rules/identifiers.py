"""Personal identifiers: pattern candidates confirmed by checksum (python-stdnum) and context."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from stdnum import iban, luhn
from stdnum.at import vnr
from stdnum.au import tfn
from stdnum.be import nn as be_nn
from stdnum.br import cpf
from stdnum.ca import sin
from stdnum.ch import ssn as ch_ssn
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.gb import nhs, utr
from stdnum.ie import pps
from stdnum.it import codicefiscale
from stdnum.mx import curp, rfc
from stdnum.nl import bsn
from stdnum.pl import nip, pesel
from stdnum.pt import cc as pt_cc
from stdnum.pt import nif as pt_nif
from stdnum.us import rtn, ssn

from mailbrake.models import Category, Confidence, Finding, TextSegment
from mailbrake.rules.base import Detector, finding
from mailbrake.rules.boilerplate import specimen_named
from mailbrake.rules.context import (
    MOST_EXAMPLES,
    column_name,
    near,
    shown_as_example,
    without_lookarounds,
)
from mailbrake.rules.organisations import (
    BUSINESS,
    MOST_OWN_ACCOUNTS,
    invoice_named,
    own_account,
)
from mailbrake.rules.redact import mask_identifier

NAME = "identifiers"

# Published test and documentation values: real in form, nobody's in fact.
KNOWN_TEST_VALUES = frozenset(
    {
        "4111111111111111", "4242424242424242", "5555555555554444", "5105105105105100",
        "4012888888881881", "378282246310005", "371449635398431", "6011111111111117",
        "4000056655665556", "078051120", "219099999", "457555462", "123456789",
        "GB82WEST12345698765432", "DE89370400440532013000", "GB29NWBK60161331926819",
        "FR1420041010050500013M02606", "NL91ABNA0417164300", "ES9121000418450200051332",
        # IBAN registry examples and payment providers' published test cards
        "FR7630006000011234567890189", "IT60X0542811101000000123456",
        "PL61109010140000071219812874", "PT50000201231234567890154", "AT611904300234573201",
        "CH9300762011623852957", "IE29AIBK93115212345678", "5200828282828210",
        "2223003122003222", "6011000990139424", "3056930009020004", "36227206271667",
        "3566002020360505", "4000002500003155",
    }
)  # fmt: skip
# Test cards of the "4000 0000 0000 0002" family: a real account number has no such run.
_ZERO_RUN = "0000000"

Validator = Callable[[str], bool]


@dataclass(frozen=True, slots=True)
class IdKind:
    """One identifier type: candidate pattern, checksum, and the words that vouch for it."""

    kind: str
    label: str
    pattern: re.Pattern[str]
    is_valid: Validator
    context: re.Pattern[str] | None  # words near the value (or in its column header)
    needs_context: bool  # weak checksum (or none): only counts with context
    # Words that make the value an organisation's number (a company's tax ID in an invoice
    # footer), which is not personal data.
    business: re.Pattern[str] | None = None
    # A bank account number: a business's own, given to be paid, is not personal data.
    account: bool = False


def _ctx(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?i)(?<![A-Za-z])(?:{words})(?![A-Za-z])")


def _is_card(number: str) -> bool:
    if not luhn.is_valid(number) or len(set(number)) < 3 or _ZERO_RUN in number:
        return False
    return re.match(r"4|5[1-5]|2[2-7]|3[47]|3[068]|6(?:011|5|4[4-9])|35", number) is not None


def _is_nino(number: str) -> bool:
    return number[:2] not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def _always(_number: str) -> bool:
    return True


def _is_mx_personal_rfc(number: str) -> bool:
    return rfc.is_valid(number, validate_check_digits=True)


def _is_pl_nrb(number: str) -> bool:
    return iban.is_valid("PL" + number)


def _is_pt_personal_nif(number: str) -> bool:
    # 1-3 (and 45) are people; 5-9 are companies, the state and other bodies.
    return pt_nif.is_valid(number) and (number[0] in "123" or number.startswith("45"))


_D = r"(?<![\w-])"
_E = r"(?![\w-])"
_CF = r"[0-9LMNP-V]"
_AHV = r"AHV\S*|AVS|AVS-?Nr\.?|Sozialversicherungs\w*|assurance sociale|assicurazione sociale"
KINDS: tuple[IdKind, ...] = (
    IdKind("payment_card", "card", re.compile(rf"{_D}\d(?:[ -]?\d){{12,18}}{_E}"), _is_card,
           _ctx(r"card|visa|master ?card|amex|credit|debit|cvv|cvc|exp(?:iry|ires)?|karte|carte"
                r"|tarjeta|kaart|creditcard|carta|cart[ãa]o|karta|Kreditkarte"),
           # a French firm's SIRET (14 digits) passes the card checksum by design, and so do some
           # barcodes and article numbers (EAN-13 in a product sheet's column)
           False, _ctx(r"SIRE[NT]|EAN|GTIN|UPC|barcodes?|Barcode|Strichcode|code-barres"
                       r"|c[óo]digo de barras|codice a barre|streepjescode|kod kreskowy|ISBN|SKU"
                       r"|Artikelnummer|article (?:number|no)|item (?:number|no)")),
    IdKind("us_ssn", "SSN", re.compile(rf"{_D}\d{{3}}([- ]?)\d{{2}}\1\d{{4}}{_E}"), ssn.is_valid,
           _ctx(r"SSN|social security|SS#|SS no|taxpayer"), True),
    IdKind("gb_nino", "NI number",
           re.compile(rf"{_D}[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{{2}} ?\d{{2}} ?\d{{2}} ?[A-D]{_E}"),  # noqa: E501
           _is_nino, _ctx(r"NI(?: number| no)?|NINO|national insurance"), False),
    IdKind("gb_nhs", "NHS number", re.compile(rf"{_D}\d{{3}}[ -]?\d{{3}}[ -]?\d{{4}}{_E}"),
           nhs.is_valid, _ctx(r"NHS"), True),
    IdKind("ca_sin", "SIN", re.compile(rf"{_D}\d{{3}}[ -]?\d{{3}}[ -]?\d{{3}}{_E}"), sin.is_valid,
           _ctx(r"SIN|social insurance|NAS|assurance sociale"), True),
    IdKind("fr_nir", "NIR",
           re.compile(rf"{_D}[12] ?\d{{2}} ?\d{{2}} ?(?:\d{{2}}|2[AB]) ?\d{{3}} ?\d{{3}} ?\d{{2}}{_E}"),  # noqa: E501
           nir.is_valid, _ctx(r"NIR|s[ée]curit[ée] sociale|INSEE"), False),
    IdKind("de_idnr", "Steuer-ID", re.compile(rf"{_D}\d{{2}} ?\d{{3}} ?\d{{3}} ?\d{{3}}{_E}"),
           idnr.is_valid, _ctx(r"Steuer-?ID|Steuer-?Identifikations\w*|IdNr|Identifikationsnummer|tax ID"),  # noqa: E501
           True),
    IdKind("es_dni", "DNI", re.compile(rf"{_D}\d{{8}}-?[A-Z]{_E}"), dni.is_valid,
           _ctx(r"DNI|NIF|documento|documento nacional de identidad"), False),
    IdKind("es_nie", "NIE", re.compile(rf"{_D}[XYZ]-?\d{{7}}-?[A-Z]{_E}"), nie.is_valid,
           _ctx(r"NIE|N\.I\.E\.?|NIF|TIE|extranjero|tarjeta de residencia"), False),
    IdKind("ie_pps", "PPS", re.compile(rf"{_D}\d{{7}}[A-W][A-IW]?{_E}"), pps.is_valid,
           _ctx(r"PPSN?|personal public service"), True),
    IdKind("au_tfn", "TFN", re.compile(rf"{_D}\d{{3}} ?\d{{3}} ?\d{{2,3}}{_E}"), tfn.is_valid,
           _ctx(r"TFN|tax file"), True),
    IdKind("gb_utr", "UTR", re.compile(rf"{_D}\d{{5}} ?\d{{5}}{_E}"), utr.is_valid,
           _ctx(r"UTR|Unique Taxpayer Reference|self[- ]assessment"), True),
    # A Polish account number (NRB) written without its "PL": the IBAN's checksum holds.
    IdKind("pl_nrb", "NRB", re.compile(rf"{_D}\d{{2}}(?: ?\d{{4}}){{6}}{_E}"), _is_pl_nrb,
           _ctx(r"kont\w*|rachun\w*|przelew\w*|NRB"), True, account=True),
    IdKind("nl_bsn", "BSN", re.compile(rf"{_D}\d{{4}}\.?\d{{2}}\.?\d{{3}}{_E}"), bsn.is_valid,
           _ctx(r"BSN|burgerservice\w*|sofi\w*|citizen service number"), True),
    # Digits may be swapped for letters (omocodia) when two people share a code.
    IdKind("it_codice_fiscale", "codice fiscale",
           re.compile(rf"{_D}[A-Z]{{6}}{_CF}{{2}}[A-EHLMPRST]{_CF}{{2}}[A-Z]{_CF}{{3}}[A-Z]{_E}"),
           codicefiscale.is_valid, _ctx(r"codice fiscale|C\.? ?F\.?|cod\. ?fisc\.?"), False),
    IdKind("pl_pesel", "PESEL", re.compile(rf"{_D}\d{{11}}{_E}"), pesel.is_valid,
           _ctx(r"PESEL"), True),
    IdKind("pl_nip", "NIP",
           re.compile(rf"{_D}(?:\d{{3}}-?\d{{3}}-?\d{{2}}-?\d{{2}}|\d{{3}}-\d{{2}}-\d{{2}}-\d{{3}}){_E}"),
           nip.is_valid, _ctx(r"NIP|numer identyfikacji podatkowej"), True, _ctx(BUSINESS)),
    IdKind("pt_nif", "NIF", re.compile(rf"{_D}\d{{3}} ?\d{{3}} ?\d{{3}}{_E}"), _is_pt_personal_nif,
           _ctx(r"NIF|contribuinte|n[úu]mero de identifica[çc][ãa]o fiscal"), True,
           _ctx(BUSINESS)),
    IdKind("pt_cc", "cartão de cidadão", re.compile(rf"{_D}\d{{8}} ?\d ?[A-Z]{{2}}\d{_E}"),
           pt_cc.is_valid, _ctx(r"cart[ãa]o de cidad[ãa]o|CC|identifica[çc][ãa]o civil|BI"), True),
    IdKind("mx_curp", "CURP", re.compile(rf"{_D}[A-Z]{{4}}\d{{6}}[HMX][A-Z]{{5}}[0-9A-Z]\d{_E}"),
           curp.is_valid, _ctx(r"CURP|clave [úu]nica"), False),
    IdKind("mx_rfc", "RFC", re.compile(rf"{_D}[A-ZÑ&]{{4}}-?\d{{6}}-?[A-Z0-9]{{3}}{_E}"),
           _is_mx_personal_rfc, _ctx(r"RFC|registro federal de contribuyentes"), True),
    # Brazil's CPF: written with its dots and dash it is unmistakable; bare, it needs its label.
    IdKind("br_cpf", "CPF", re.compile(rf"{_D}\d{{3}}\.\d{{3}}\.\d{{3}}-\d{{2}}{_E}"), cpf.is_valid,
           _ctx(r"CPF"), False),
    IdKind("br_cpf", "CPF", re.compile(rf"{_D}\d{{11}}{_E}"), cpf.is_valid, _ctx(r"CPF"), True),
    # Belgium's national register number (rijksregisternummer, numéro de registre national).
    IdKind("be_nn", "national number", re.compile(rf"{_D}\d{{2}}\.\d{{2}}\.\d{{2}}-\d{{3}}\.\d{{2}}{_E}"),  # noqa: E501
           be_nn.is_valid, _ctx(r"rijksregister\w*|registre national|INSZ|NISS|RRN"), False),
    IdKind("be_nn", "national number", re.compile(rf"{_D}\d{{11}}{_E}"), be_nn.is_valid,
           _ctx(r"rijksregister\w*|registre national|national number|INSZ|NISS|RRN"), True),
    # Switzerland's AHV/AVS number: 756, nine digits and an EAN-13 check digit. Bare, it is
    # also a Swiss product's barcode (GS1 prefix 756), so it needs its label.
    IdKind("ch_ahv", "AHV number", re.compile(rf"{_D}756\.\d{{4}}\.\d{{4}}\.\d{{2}}{_E}"),
           ch_ssn.is_valid, _ctx(_AHV), False),
    IdKind("ch_ahv", "AHV number", re.compile(rf"{_D}756\d{{10}}{_E}"), ch_ssn.is_valid,
           _ctx(_AHV), True),
    # Austria's social insurance number (e-card): a serial, a check digit and the birth date.
    IdKind("at_svnr", "SVNR", re.compile(rf"{_D}\d{{4}} ?\d{{6}}{_E}"), vnr.is_valid,
           _ctx(r"SVNR|VSNR|Sozialversicherungs\w*|Versicherungsnummer|e-card"), True),
    IdKind("us_routing", "routing", re.compile(rf"{_D}\d{{9}}{_E}"), rtn.is_valid,
           _ctx(r"routing|ABA"), True),
    IdKind("passport", "passport", re.compile(rf"{_D}[A-Z]{{0,2}}\d{{6,9}}{_E}"), _always,
           _ctx(r"passport|Reisepass\w*|passeport|pasaporte|paspoort\w*|passaporto|paszport\w*"
                r"|passaporte"), True),
)  # fmt: skip

_NEGATIVE = _ctx(
    r"tracking|order|invoice|reference|ref|membership|meeting|ticket|PO|SKU|build"
    r"|bestel\w*|factuur|ordine|fattura|riferimento|zam[óo]wieni\w*|faktur\w*|encomenda|fatura"
    r"|pedido|factura|referencia|refer[êe]ncia|Bestellung|Rechnung|commande|facture"
)
_IBAN = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,9}")
_PLAIN = re.compile(r"[^A-Z0-9]")


# The candidate patterns, and the context words of the kinds that need them: those are
# searched near a value or in its column header, so the trigger drops their lookarounds
# (Hyperscan's prefilter mode does too) to match wherever they match such a piece of text.
# A kind written two ways (two patterns) has one candidate trigger per pattern.
_CANDIDATE = tuple(f"identifiers.{kind.kind}.{index}" for index, kind in enumerate(KINDS))
TRIGGERS: dict[str, re.Pattern[str]] = {
    "identifiers.iban": _IBAN,
    **{key: kind.pattern for key, kind in zip(_CANDIDATE, KINDS, strict=True)},
    **{
        f"identifiers.{kind.kind}.context": without_lookarounds(kind.context)
        for kind in KINDS
        if kind.needs_context and kind.context is not None
    },
}
ALL = frozenset(TRIGGERS)
# Each kind with the trigger ids of its candidate pattern and of its context words.
_GATED = tuple(
    (kind, key, f"identifiers.{kind.kind}.context")
    for key, kind in zip(_CANDIDATE, KINDS, strict=True)
)


def compact(value: str) -> str:
    return _PLAIN.sub("", value.upper())


def find_ibans(text: str) -> list[tuple[int, int]]:
    """Spans of checksum-valid IBANs (trailing groups trimmed until the checksum holds)."""
    spans = []
    for match in _IBAN.finditer(text):
        value = match.group()
        while value:
            if iban.is_valid(value) and compact(value) not in KNOWN_TEST_VALUES:
                spans.append((match.start(), match.start() + len(value)))
                break
            value = value[: value.rfind(" ")] if " " in value else ""
    return spans


def _has_context(text: str, start: int, end: int, words: re.Pattern[str] | None) -> bool:
    if words is None:
        return False
    if near(text, start, end, words, before=80, after=20):
        return True
    return words.search(column_name(text, start)) is not None


def _confidence(kind: IdKind, text: str, start: int, end: int, listed: bool) -> Confidence | None:
    if kind.business is not None and (
        near(text, start, end, kind.business, before=120, after=60)
        or kind.business.search(column_name(text, start))
    ):
        return None
    if kind.account and own_account(text, start, end, listed):
        return None  # a business's own account number, given to be paid
    context = _has_context(text, start, end, kind.context)
    if kind.needs_context and not context:
        return None
    if context:
        return Confidence.HIGH
    if near(text, start, end, _NEGATIVE, before=40, after=0):
        return None
    return Confidence.MEDIUM


_NRB_KEY, _NRB = next(
    (key, kind) for key, kind in zip(_CANDIDATE, KINDS, strict=True) if kind.kind == "pl_nrb"
)


def _nrbs(text: str, hits: frozenset[str]) -> set[str]:
    """The different Polish account numbers (NRB) the text gives, written without their PL."""
    if _NRB_KEY not in hits:
        return set()
    found = (compact(m.group()) for m in _NRB.pattern.finditer(text))
    return {"PL" + value for value in found if _is_pl_nrb(value)}


def find_identifiers(segment: TextSegment, hits: frozenset[str] = ALL) -> list[Finding]:
    text = segment.text
    out: list[Finding] = []
    taken: list[tuple[int, int]] = []
    ibans = find_ibans(text) if "identifiers.iban" in hits else []
    # Several accounts in one part are a list of them (organisations.own_account).
    listed = len({compact(text[s:e]) for s, e in ibans} | _nrbs(text, hits)) > MOST_OWN_ACCOUNTS
    invoice = invoice_named(segment.location) and not listed
    for start, end in ibans:
        taken.append((start, end))
        if invoice or own_account(text, start, end, listed):
            continue  # the company's own account, in its footer or its payment details
        snippet = f"IBAN {mask_identifier(text[start:end])}"
        out.append(finding(NAME, Category.PERSONAL_DATA, "iban", segment, snippet, Confidence.HIGH))
    found: list[tuple[IdKind, re.Match[str], Confidence]] = []
    examples: list[tuple[IdKind, re.Match[str], Confidence]] = []
    specimen = specimen_named(segment.location)
    for kind, candidate, context in _GATED:
        if candidate not in hits or (kind.needs_context and context not in hits):
            continue
        for match in kind.pattern.finditer(text):
            start, end = match.span()
            if any(s <= start < e for s, e in taken):
                continue
            value = compact(match.group())
            if value in KNOWN_TEST_VALUES or not kind.is_valid(value):
                continue
            confidence = _confidence(kind, text, start, end, listed)
            if confidence is None:
                continue
            taken.append((start, end))
            # a form's guide: "Esempio di formato: RSSMRA80A01H501U"
            shown = specimen or shown_as_example(text, start, end)
            (examples if shown else found).append((kind, match, confidence))
    if len({compact(m.group()) for _k, m, _c in examples}) > MOST_EXAMPLES:
        found += examples  # a list with "e.g." before each value is still a list
    for kind, match, confidence in found:
        snippet = f"{kind.label} {mask_identifier(match.group())}"
        out.append(finding(NAME, Category.PERSONAL_DATA, kind.kind, segment, snippet, confidence))
    return out


DETECTOR = Detector(NAME, Category.PERSONAL_DATA, find_identifiers, TRIGGERS)
