"""A named person's pay: a salary by its word ("her salary is £52,000"), a sentence that says
what somebody is on ("Fiona is now on £41,200 after the regrade", "Kasia zarabia 8 500 zł
brutto") and a table of names with a salary column. A post's pay in a job advert, a band or a
range, and the statutory minimum are nobody's."""

from __future__ import annotations

import re

from mailbrake.models import Category, Confidence, Finding, TextSegment
from mailbrake.rules.base import finding, start_of
from mailbrake.rules.context import cells_of, column_name, window
from mailbrake.rules.names import full_names, has_person, is_name_word
from mailbrake.rules.personal_patterns import (
    JOB_ADVERT,
    MONEY_RE,
    SALARY,
    SALARY_COLUMN,
    SALARY_NOT_PERSONAL,
    WAGE_FLOOR,
)

NAME = "personal"
_YOUR = re.compile(r"(?i)\byour\b")
# An amount of a thousand or more: "£41,200", "€3.100", "52k", "8 500 zł", "41200 EUR".
_AMOUNT = (
    r"(?:[£$€]\s?(?:\d{1,3}(?:[,.  ]\d{3})+|\d{4,}|\d{2,3}(?:[.,]\d)?k)(?:[.,]\d{2})?"
    r"|(?:\d{1,3}(?:[,.  ]\d{3})+|\d{4,})(?:[.,]\d{2})?\s?(?:€|EUR|euros?|z[łl]|PLN))"
)
# Somebody's pay said in a sentence: a name or a pronoun, a verb of earning or of being on a
# rate, then the amount.
PAY_IN_PROSE = re.compile(
    r"\b([A-ZÀ-Ý][a-zß-ÿ]+|[Hh]e|[Ss]he|[Ee]r|[Ss]ie|[Ii]l|[Ee]lle|[ÉéEe]l|[Ee]lla|[Hh]ij"
    r"|[Zz]ij|[Zz]e|[Ll]ui|[Ll]ei|[Oo]n|[Oo]na|[Ee]le|[Ee]la)"
    r"(?:(?:['’]s| is| stays| will be| goes| moves| went| has gone| zit| gaat)(?: now| still| then"
    r"| nu)? (?:on|to|op|naar)"
    r"| (?:now )?(?:earns|is paid|gets paid|takes home|verdient|bekommt|kriegt|gagne|touche"
    r"|cobra|gana|pasa a cobrar|guadagna|prende|passa a|zarabia|dostaje|ganha|recebe"
    r"|passa a ganhar))"
    r"(?: (?:about|around|roughly|now|jetzt|nun|environ|maintenant|unos|ahora|circa|ora|ongeveer"
    r"|nu|oko[łl]o|teraz|cerca de|agora))? (" + _AMOUNT + ")"
)
_PRONOUNS = frozenset(
    ("he", "she", "er", "sie", "il", "elle", "él", "el", "ella", "hij", "zij", "ze", "lui", "lei")
) | {"on", "ona", "ele", "ela"}
# An average, a range or a post's rate near the amount: nobody's own pay. ("Band" is no
# range here: "on £41,200 after the band 6 regrade" is hers.)
_NOT_OWN = re.compile(
    r"(?i)\b(?:average|median|typical|range|between|up to|market rate|per head|starting salary"
    r"|Durchschnitt\w*|moyenne|promedio|media|gemiddeld\w*|[śs]redni\w*|m[ée]dia)\b"
    r"|\d\s?(?:[£$€]|z[łl]|EUR)?\s?[–—-]\s?[£$€]?\s?\d"
)
# The verbs that say earning, not just being at a figure ("Budget is now on £41,200").
_EARNS = re.compile(
    r" (?:now )?(?:earns|is paid|gets paid|takes home|verdient|gagne|touche|cobra|gana"
    r"|guadagna|zarabia|ganha|pasa a cobrar|passa a ganhar) "
)
# Pay's own words near a figure that somebody "is on" or "goes to".
_PAY_CUE = re.compile(
    r"(?i)\b(?:salary|pay|paid|wages?|regrade|increment|pay rise|raise|promotion|grade|band"
    r"|a year|per annum|p\.a|gross|brutto|netto|brut[oa]?|lord[io]|Gehalt|Lohn|salaire|sueldo"
    r"|salario|n[óo]mina"
    r"|stipendio|RAL|salaris|loon|pensj\w+|wynagrodzeni\w+|sal[áa]rio|ordenado|vencimento)\b"
)
# A yearly pay is ten thousand or more; a smaller amount is pay when said to be monthly.
_YEARLY_AT_LEAST = 10_000
# A number under a salary column below this is a grade or a step, not pay.
_SALARY_AT_LEAST = 1_000
_MONTHLY = re.compile(
    r"(?i)\b(?:a month|per month|monthly|gross|net|brutto|netto|im Monat|monatlich|par mois"
    r"|mensuels?|al mes|mensuales|al mese|mensili|per maand|miesi[ęe]cznie|por m[êe]s|mensais)\b"
)
# A bonus, a premium or a merit award per person: a table of them is pay and an internal
# record ("Premio da liquidare (€)", "Prémio (€)", "Bonus 2024").
BONUS_COLUMN = re.compile(
    r"(?i)\b(?:bonus\w*|premi[oa]?|pr[ée]mios?|primes?|prima|Pr[äa]mie\w*|premie\w*|premia"
    r"|gratyfikacj\w+|incentiv[oe]s?|merit (?:award|increase|pay)|Leistungszulage|variable pay)\b"
)
# What an award follows in a merit table: a rating, a score, quality, a correction.
MERIT_COLUMN = re.compile(
    r"(?i)\b(?:rating|score|performance|merit|appraisal|quality|qualit[àaé]|qualidade|calidad"
    r"|kwaliteit|jako[śs][ćc]|Bewertung|Leistung|correttivo|correction|corrector|correctivo"
    r"|Beurteilung|valutazione|evaluaci[óo]n|avalia[çc][ãa]o|beoordeling|ocena|absent\w*"
    r"|assenze|ausencias|Fehlzeiten|absentismo|absent[ée]isme|verzuim|nieobecno[śs]ci)"
)
_NUMBER = re.compile(r"[£$€]?\s?\d[\d.,  ]*\s?(?:€|zł|EUR|PLN|£)?")
_TABLE_ROWS = 200
TRIGGERS: dict[str, re.Pattern[str]] = {
    "personal.salary": SALARY,
    "personal.pay": PAY_IN_PROSE,
    "personal.money": MONEY_RE,
    "personal.salary_column": SALARY_COLUMN,
    "personal.bonus_column": BONUS_COLUMN,
}


def find_pay(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    """At most one pay finding per part: a salary in words, in a sentence or in a table."""
    text = segment.text
    words = {"personal.salary", "personal.pay"} & hits
    if words and JOB_ADVERT.search(text):
        words = set()  # a post's pay, as an advert states it
    if "personal.salary" in words and _salary_word(text, hits):
        return [_finding(segment, "salary", "salary of a named person: ***")]
    if "personal.pay" in words and _pay_in_prose(text):
        return [_finding(segment, "salary", "pay of a named person: ***")]
    if "personal.bonus_column" in hits:
        rows, merit = _bonus_rows(text)
        if rows >= 2:
            found = [_finding(segment, "salary_table", f"bonus table ({rows} named rows)")]
            if merit:  # awards that follow a rating or a correction: an HR record too
                found.append(
                    finding(
                        NAME, Category.INTERNAL, "merit_table", segment,
                        f"merit table ({rows} named rows)", Confidence.MEDIUM,
                    )
                )  # fmt: skip
            return found
    if "personal.salary_column" not in hits:
        return []
    # a salary column of plain numbers: "Bruttojahresgehalt (€)" over "71.500" beside a name
    rows, _header = _named_rows(text, SALARY_COLUMN, _SALARY_AT_LEAST)
    if rows >= 2:
        return [_finding(segment, "salary_table", f"salary table ({rows} named rows)")]
    if "personal.money" not in hits:
        return []
    header_hits = [
        m for m in MONEY_RE.finditer(text) if SALARY_COLUMN.search(column_name(text, m.start()))
    ]
    if len(header_hits) >= 2 and full_names(text):
        return [_finding(segment, "salary_table", f"salary table ({len(header_hits)} amounts)")]
    return []


def _bonus_rows(text: str) -> tuple[int, bool]:
    """The rows of a table under a bonus column that name a person and give an amount, and
    whether the header has a rating or a correction beside it (a merit table)."""
    rows, header = _named_rows(text, BONUS_COLUMN, 0)
    return rows, rows > 0 and MERIT_COLUMN.search(header) is not None


def _named_rows(text: str, column: re.Pattern[str], least: float) -> tuple[int, str]:
    """The rows of the first table with a `column` whose row names a person and gives a
    number of at least `least` in it, and that table's header row."""
    lines = text.split("\n")
    for at, line in enumerate(lines):
        cells = cells_of(line)
        columns = [i for i, cell in enumerate(cells) if column.search(cell)]
        if len(cells) < 2 or not columns or any(_NUMBER.fullmatch(c.strip()) for c in cells):
            continue  # not a header row
        rows = 0
        for row in lines[at + 1 : at + 1 + _TABLE_ROWS]:
            values = cells_of(row)
            amounts = [values[i].strip() for i in columns if i < len(values)]
            paid = any(_NUMBER.fullmatch(v) and _value(v) >= least for v in amounts)
            if paid and full_names(row):
                rows += 1
        if rows:
            return rows, line
    return 0, ""


def _salary_word(text: str, hits: frozenset[str]) -> bool:
    for match in SALARY.finditer(text, start_of(hits, "personal.salary", text)):
        around = window(text, match.start(), match.end(), before=80, after=60)
        if _not_anybodys(text, match, around):
            continue
        if has_person(around) or _YOUR.search(around):
            return True
    return False


def _pay_in_prose(text: str) -> bool:
    for match in PAY_IN_PROSE.finditer(text):
        who, amount = match.group(1), match.group(2)
        around = window(text, match.start(), match.end(), before=80, after=60)
        if _NOT_OWN.search(around) or WAGE_FLOOR.search(around):
            continue
        earns = _EARNS.search(match.group()) is not None
        if not earns and not _PAY_CUE.search(around):
            continue  # "Budget is now on £41,200": a figure, not said to be pay
        if who.lower() in _PRONOUNS and not has_person(around):
            continue  # "she earns" of nobody named near
        if who.lower() not in _PRONOUNS and not is_name_word(who):
            continue  # "The rate is on £1,200"
        if _value(amount) >= _YEARLY_AT_LEAST or _MONTHLY.search(around):
            return True
    return False


def _not_anybodys(text: str, match: re.Match[str], around: str) -> bool:
    """A band, a range or an advert's wording near it, or the law's minimum."""
    if SALARY_NOT_PERSONAL.search(around):
        return True
    return WAGE_FLOOR.search(text, max(0, match.start() - 20), match.end() + 40) is not None


def _value(amount: str) -> float:
    """The amount in whole units: "£41,200" 41200, "£52.5k" 52500, "3.100,00 €" 3100."""
    if re.search(r"\dk$", amount, re.I):
        return float(re.sub(r"[^\d.]", "", amount.replace(",", "."))) * 1000
    number = re.sub(r"[.,]\d{2}(?=\D*$)", "", amount)  # pence and cents
    digits = re.sub(r"\D", "", number)
    return float(digits) if digits else 0.0


def _finding(segment: TextSegment, kind: str, snippet: str) -> Finding:
    return finding(NAME, Category.PERSONAL_DATA, kind, segment, snippet, Confidence.MEDIUM)
