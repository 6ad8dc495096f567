"""Personal details that are not numbers with checksums: birth dates, home addresses,
health, salaries, personal phones, bank accounts and lists of people's contact details."""

from __future__ import annotations

import re

from mailbrake.models import Category, Confidence, Finding, TextSegment
from mailbrake.rules.base import Detector, clip, finding, start_of
from mailbrake.rules.context import cells_of, column_name, loosened, sentence_at, window
from mailbrake.rules.names import full_names, has_person
from mailbrake.rules.redact import mask_identifier

NAME = "personal"

_MONTHS = (
    r"jan(?:uary|vier|uar)?|feb(?:ruary|ruar)?|f[ée]vr(?:ier)?|mar(?:ch|s)?|m[äa]rz|apr(?:il)?|"
    r"avril|may|mai|jun(?:e|i)?|juin|jul(?:y|i)?|juil(?:let)?|aug(?:ust)?|ao[uû]t|sep(?:t|tember)?|"
    r"oct(?:ober)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?|dez(?:ember)?|d[ée]c(?:embre)?|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
    # Dutch, Italian, Polish (nominative and the genitive of dates) and Portuguese.
    r"januari|februari|maart|mei|juni|juli|augustus|oktober|"
    r"gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|novembre|dicembre|"
    r"stycze[nń]|stycznia|luty|lutego|marzec|marca|kwiecie[nń]|kwietnia|maj|maja|czerwiec|czerwca|"
    r"lipiec|lipca|sierpie[nń]|sierpnia|wrzesie[nń]|wrze[sś]nia|pa[zź]dziernik|pa[zź]dziernika|"
    r"listopad|listopada|grudzie[nń]|grudnia|"
    r"janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro|dezembro"
)
DATE = (
    rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-](?:19|20)?\d{{2}}|(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}"
    rf"|(?:{_MONTHS})\.? \d{{1,2}}(?:st|nd|rd|th)?,? (?:19|20)\d{{2}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th|er|º)?\.? (?:de )?(?:{_MONTHS})\.? (?:de )?(?:19|20)\d{{2}})"
)
_DOB = re.compile(
    rf"(?i)\b(?:(?:date of birth|d\.?o\.?b\.?|birth ?date|born(?: on)?|geburtsdatum|geboren(?: am)?"
    rf"|date de naissance|n[ée]e? le|fecha de nacimiento|nacid[oa] el|data di nascita"
    rf"|geboortedatum|geboren op|nat[oa] (?:il|a \w+ il)|data urodzenia|urodzon[ya]"
    rf"|data de nascimento|nascid[oa] (?:em|a))\b|geb\.|ur\.)"
    rf"[^\n\d]{{0,30}}({DATE})"
)
_DATE = re.compile(rf"(?i)(?<![\d/.-]){DATE}(?![\d/])")
_DOB_COLUMN = re.compile(
    r"(?i)\b(?:DOB|date of birth|birth ?date|born|geburtsdatum|date de naissance"
    r"|fecha de nacimiento|geboortedatum|data di nascita|data urodzenia|data de nascimento)\b"
)

_HOME = re.compile(
    r"(?i)\b(?:home address(?:es)?|current address|residential address|private address"
    r"|billing address|lives at|living at|(?:cards|post|flowers|parcel)[^.\n]{0,20}at home"
    r"|wohnadresse|privatadresse|wohnhaft|anschrift|adresse (?:personnelle|du domicile|priv[ée]e)"
    r"|domicile|domicilio|direcci[oó]n (?:particular|personal)"
    r"|woonadres|huisadres|thuisadres|priv[ée]adres|woont (?:op|aan|in de)"
    r"|indirizzo di (?:casa|residenza)|residente in|abita in"
    r"|adres (?:zamieszkania|domowy)|mieszka (?:przy|na ulicy)"
    r"|morada|endere[çc]o (?:residencial|de casa|pessoal)|reside na|mora na)\b[^\n]{0,40}?[:\-]?\s*"
    r"([^\n]{0,25}\d[^\n]{4,80})"
)
_HEALTH = re.compile(
    r"(?i)\b(?:diagnosed with|diagnosis:|signed off (?:sick|for)|on sick leave|sick note|fit note"
    r"|on medical leave|recovering from (?:treatment|surgery|an operation)|treatment for [a-z]"
    r"|starting treatment|prescribed (?:painkillers|medication|antidepressants|\w+ (?:tablets|pills))"  # noqa: E501
    r"|medication for|undergoing chemotherapy|injured (?:his|her|their) \w+|taken to A&E|hospitali[sz]ed"  # noqa: E501
    r"|admitted to hospital|(?:his|her) medical condition|occupational health report|injured person"
    r"|krankgeschrieben|arbeitsunf[äa]hig|Diagnose:|arr[êe]t maladie|cong[ée] maladie"
    r"|diagnostiqu[ée]|baja m[ée]dica|diagnosticad[oa]|im Krankenhaus|hospitalis[ée]"
    r"|hospitalizad[oa]|ziekgemeld|ziek thuis|arbeidsongeschikt|gediagnosticeerd"
    r"|opgenomen in het ziekenhuis"
    r"|in malattia|certificato medico|diagnosticat[oa]|ricoverat[oa]|in congedo per malattia"
    r"|zwolnieni[eu] lekarski\w*|zdiagnozowan[oay]|w szpitalu|na L4|chorobow\w+"
    r"|baixa m[ée]dica|atestado m[ée]dico|internad[oa]|de licen[çc]a m[ée]dica)"
)
# A third person in the sentence, in each supported language (EN, DE, FR, ES, NL, IT, PL, PT).
_HE_SHE = re.compile(
    r"(?i)\b(?:he|she|his|her|him|er|sie|ihm|ihr|il|elle|lui|él|ella|hij|zij|ze|hem|haar"
    r"|lei|suo|sua|on|ona|jego|jej|niego|niej|ele|ela|dele|dela)\b"
)
_MONEY = (
    r"(?:(?:[£$€]|R\$|PLN|EUR)\s?\d[\d,.]*\s?(?:k|m|million)?"
    r"|\d[\d,. ]*\s?(?:€|EUR|USD|GBP|euros?|dollars|z[łl]|PLN|z[łl]otych|MXN|pesos))"
)
_SALARY = re.compile(
    rf"(?i)\b(?:salary|salaries|base pay|annual pay|pay rise|compensation|gehalt|jahresgehalt"
    rf"|salaire|r[ée]mun[ée]ration|salario|sueldo|salaris|brutosalaris|jaarsalaris|maandsalaris"
    rf"|loon|stipendio|retribuzione|RAL|wynagrodzeni\w*|pensj\w+|sal[áa]rio|vencimento|remunera[çc][ãa]o"
    rf"|ordenado)\b[^\n]{{0,60}}?{_MONEY}"
)
_SALARY_NOT_PERSONAL = re.compile(
    r"(?i)\b(?:range|band|between|up to|from \S+ to \S+ depending|depending on|competitive"
    r"|average|median|market rate|per annum for the role|budget|Gehaltsband|zwischen|fourchette"
    r"|entre|rango|bandbreedte|schaal|tussen|afhankelijk van|fascia|compres[oa] tra|a seconda"
    r"|wide[łl]ki|przedzia[łl]|w zale[żz]no[śs]ci|faixa|dependendo|consoante"
    # job adverts, in each language
    r"|vacancy|hiring|job (?:opening|advert)|Stellen(?:anzeige|angebot)|wir suchen|offre d'emploi"
    r"|nous recrutons|oferta de (?:empleo|trabajo)|vacature|we zoeken|offerta di lavoro|cerchiamo"
    r"|oferta pracy|zatrudnimy|vaga|procuramos)\b"
    # an amount range written with a dash: "€2.650 – €3.100"
    r"|(?:[£$€]|R\$)\s?\d[\d.,]*\s?k?\s?[–—-]\s?(?:[£$€]|R\$)?\s?\d"
    r"|\d[\d.,]*\s?[–—-]\s?\d[\d.,]*\s?(?:€|EUR|euros?|z[łl]|PLN|USD|GBP)"
)
_MONEY_RE = re.compile(_MONEY)
_SALARY_COLUMN = re.compile(
    r"(?i)salary|gehalt|salaire|salario|compensation|salaris|stipendio|retribuzione"
    r"|wynagrodzenie|pensja|sal[áa]rio|remunera[çc][ãa]o"
)
_PHONE = r"(?:\+?\d[\d ()./-]{7,17}\d)"
_PERSONAL_PHONE = re.compile(
    rf"(?i)\b(?:personal (?:mobile|phone|cell|number)|private (?:mobile|phone|number)"
    rf"|home (?:phone|number|tel)|emergency contact|privatnummer|handy privat"
    rf"|portable perso\w*|m[óo]vil personal|tel[ée]fono personal|Notfallkontakt|contact d'urgence"
    rf"|contacto de emergencia|priv[ée]nummer|mobiel priv[ée]|noodcontact|cellulare personale"
    rf"|numero personale|contatto di emergenza|telefon prywatny|prywatny numer|kontakt awaryjny"
    rf"|telem[óo]vel pessoal|celular pessoal|n[úu]mero pessoal|contacto de emerg[êe]ncia)\b"
    rf"[^\n\d+]{{0,40}}({_PHONE})"
)
_SORT_CODE = re.compile(r"(?i)\bsort ?code\b[^\n\d]{0,12}(\d{2}[- ]\d{2}[- ]\d{2})")
_ACCOUNT = re.compile(
    r"(?i)\b(?:account(?: number| no\.?| #)?|acct|kontonummer|num[ée]ro de compte"
    r"|n[úu]mero de cuenta|rekeningnummer|numero di conto|numer konta|n[úu]mero de conta)"
    r"\b[^\n\d]{0,8}(\d{6,17})\b"
)
_BANK_CONTEXT = re.compile(
    r"(?i)\b(?:sort ?code|routing|bank|IBAN|deposit|BLZ|BIC|payroll|salary|banco|banca|banque"
    r"|rekening|conto|konto|conta|Gehalt|salaris|stipendio|wynagrodzenie|sal[áa]rio)\b"
)
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
)
_TABLE_SEPARATOR = re.compile(r"\||\t|,")

# The pattern each part must match before it can find anything (see `prefilter`).
TRIGGERS: dict[str, re.Pattern[str]] = {
    "personal.dob": _DOB,
    "personal.date": _DATE,
    "personal.dob_column": _DOB_COLUMN,
    "personal.home": _HOME,
    "personal.health": _HEALTH,
    "personal.salary": _SALARY,
    "personal.money": _MONEY_RE,
    "personal.salary_column": _SALARY_COLUMN,
    "personal.sort_code": _SORT_CODE,
    "personal.account": _ACCOUNT,
    "personal.bank_context": loosened(_BANK_CONTEXT),  # searched in windows
    "personal.phone": _PERSONAL_PHONE,
    "personal.email": _PERSONAL_EMAIL,
    "personal.address_like": _ADDRESS_LIKE,
    "personal.table_phone": _TABLE_PHONE,
}
ALL = frozenset(TRIGGERS)


def _dates_of_birth(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    text = segment.text
    if "personal.dob" not in hits:
        return _date_in_dob_column(segment, hits)
    out = [
        finding(
            NAME,
            Category.PERSONAL_DATA,
            "date_of_birth",
            segment,
            f"date of birth {mask_identifier(m.group(1), 0, 2)}",
            Confidence.MEDIUM,
        )
        for m in _DOB.finditer(text, start_of(hits, "personal.dob", text))
    ]
    return out or _date_in_dob_column(segment, hits)


def _date_in_dob_column(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    """A bare date in a table column headed "DOB", "date of birth"..."""
    if "personal.date" not in hits or "personal.dob_column" not in hits:
        return []
    text = segment.text
    for match in _DATE.finditer(text, start_of(hits, "personal.date", text)):
        if _DOB_COLUMN.search(column_name(text, match.start())):
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


def _home_addresses(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    if "personal.home" not in hits:
        return []
    return [
        finding(
            NAME,
            Category.PERSONAL_DATA,
            "home_address",
            segment,
            f"home address {mask_identifier(m.group(1).strip(), 0, 0)[:24]}",
            Confidence.MEDIUM,
        )
        for m in _HOME.finditer(segment.text)
    ]


def _health(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    if "personal.health" not in hits:
        return []
    text = segment.text
    for match in _HEALTH.finditer(text, start_of(hits, "personal.health", text)):
        sentence = sentence_at(text, match.start(), match.end())
        if has_person(sentence) or _HE_SHE.search(sentence):
            return [
                finding(
                    NAME,
                    Category.PERSONAL_DATA,
                    "health",
                    segment,
                    f"health detail: {clip(match.group(), 40)} …",
                    Confidence.MEDIUM,
                )
            ]
    return []


def _salaries(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    text = segment.text
    salary = "personal.salary" in hits
    for match in _SALARY.finditer(text, start_of(hits, "personal.salary", text)) if salary else ():
        around = window(text, match.start(), match.end(), before=80, after=60)
        if _SALARY_NOT_PERSONAL.search(around):
            continue
        if has_person(around) or _YOUR.search(around):
            return [
                finding(
                    NAME,
                    Category.PERSONAL_DATA,
                    "salary",
                    segment,
                    "salary of a named person: ***",
                    Confidence.MEDIUM,
                )
            ]
    if "personal.money" not in hits or "personal.salary_column" not in hits:
        return []
    header_hits = [
        m for m in _MONEY_RE.finditer(text) if _SALARY_COLUMN.search(column_name(text, m.start()))
    ]
    if len(header_hits) >= 2 and full_names(text):
        return [
            finding(
                NAME,
                Category.PERSONAL_DATA,
                "salary_table",
                segment,
                f"salary table ({len(header_hits)} amounts)",
                Confidence.MEDIUM,
            )
        ]
    return []


def _bank_accounts(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    text = segment.text
    if "personal.sort_code" not in hits and "personal.bank_context" not in hits:
        return []
    out = [
        finding(
            NAME,
            Category.PERSONAL_DATA,
            "sort_code",
            segment,
            f"sort code {mask_identifier(m.group(1), 0, 2)}",
            Confidence.MEDIUM,
        )
        for m in (_SORT_CODE.finditer(text) if "personal.sort_code" in hits else ())
    ]
    accounts = "personal.bank_context" in hits and "personal.account" in hits
    for m in _ACCOUNT.finditer(text) if accounts else ():
        if _BANK_CONTEXT.search(window(text, m.start(), m.end(), before=200, after=100)):
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


def _phones(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    if "personal.phone" not in hits:
        return []
    return [
        finding(
            NAME,
            Category.PERSONAL_DATA,
            "personal_phone",
            segment,
            f"personal phone {mask_identifier(m.group(1), 0, 2)}",
            Confidence.MEDIUM,
        )
        for m in _PERSONAL_PHONE.finditer(segment.text)
    ]


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
    _health,
    _salaries,
    _bank_accounts,
    _phones,
    _contact_list,
)


def find_personal(segment: TextSegment, hits: frozenset[str] = ALL) -> list[Finding]:
    return [item for part in PARTS for item in part(segment, hits)]


# Searched over the whole segment from where Hyperscan says they can start (`start_of`).
# (Not the home address: its open tail reports a match at every end, costing more than it saves.)
# (Not the date of birth either: with every language's month names it is too large for an
# exact start-of-match database; its trigger is rare enough to search from 0.)
LOCATED = frozenset(("personal.date", "personal.health", "personal.salary"))
DETECTOR = Detector(NAME, Category.PERSONAL_DATA, find_personal, TRIGGERS, LOCATED)
