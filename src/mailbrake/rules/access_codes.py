"""Credentials that are codes and commands: door, alarm and safe codes in each language,
HTTP authorization headers and passwords given on a command line."""

from __future__ import annotations

import re

from mailbrake.models import Category, Confidence, Finding, TextSegment
from mailbrake.rules.base import clip, finding, start_of
from mailbrake.rules.redact import SECRET_MASK
from mailbrake.rules.secret_values import PLACEHOLDER, looks_like_secret, shown_to_all

NAME = "credentials"

# Codes that open a door, an alarm or a safe (in each language), followed by the code.
_ACCESS_CODE = re.compile(
    r"(?i)\b(?:(?:alarm|door|safe|keypad|gate|entry|lockbox|key ?safe) (?:code|pin)"
    r"|safe combination|combination (?:to|for|of) the safe"
    r"|Alarmcode|T[üu]rcode|Tresor(?:code|kombination)"
    r"|code (?:d'alarme|de la porte|du coffre(?:-fort)?)|digicode|c[óo]digo (?:de (?:la )?alarma"
    r"|de la (?:puerta|caja fuerte)|do alarme|da porta|do cofre)|combinaci[óo]n de la caja(?: fuerte)?"  # noqa: E501
    r"|deurcode|kluiscode|code van de (?:kluis|\w{0,10}deur)|codice (?:dell'allarme|allarme|della porta"  # noqa: E501
    r"|della cassaforte)|combinazione della cassaforte|kod (?:alarmu|do drzwi|do sejfu|sejfu)"
    r"|combina[çc][ãa]o do cofre|Tresor\b[^\n.\d]{0,30}\bKombination)"
    r"\b[^\n\d]{0,20}?(?<![\w-])(\d[\d #*-]{2,14}\d)(?![\d/.:])"
)
# A code given in a sentence about something that locks: "the key safe by the bins, the code
# is 4719", "le digicode de la porte côté parking est 7B3941", "kod to 2 9 1 4 6 0".
_LOCKED_THING = (
    r"door|alarm|safe|key ?safe|key ?box|lockbox|padlock|gate|locker|keypad|T[üu]r|Tor|Alarm\w*"
    r"|Tresor|Schl[üu]sselkasten|Schl[üu]sselbox|Spind|porte|portail|alarme|coffre"
    r"|bo[îi]te [àa] cl[ée]s"
    r"|cadenas|casier|puerta|port[óo]n|alarma|caja fuerte|cajet[íi]n|candado|taquilla|deur|poort"
    r"|kluis\w*|sleutelkast\w*|hangslot|porta|portone|cancello|allarme|cassaforte|lucchetto"
    r"|armadietto|drzwi|bram\w*|sejf\w*|skrzynk\w* na klucze|k[łl][óo]dk\w*|szafk\w*|port[ãa]o"
    r"|cofre|cadeado|cacifo"
)
_CODE_WORD = (
    r"code|digicode|Code|c[óo]digo|codice|kod|combina(?:tion|ison|tie|zione|ci[óo]n|[çc][ãa]o)"
    r"|Kombination"
)
_CODE_VALUE = r"(?<![\w-])(\d(?:[ #*-]?[\dA-Z]){3,9}[ #*]?)(?![\w/.:,]\d|\d)"
_CODE_NEAR_THING = re.compile(
    rf"(?i)\b(?:{_LOCKED_THING})\b[^\n.!?]{{0,80}}?\b(?:{_CODE_WORD})\b[^\n\d.!?]{{0,25}}?"
    rf"{_CODE_VALUE}"
    rf"|\b(?:{_CODE_WORD})\b[^\n\d.!?]{{0,40}}?\b(?:{_LOCKED_THING})\b[^\n\d.!?]{{0,30}}?"
    rf"{_CODE_VALUE}"
)
# "is" in each language, or a colon.
_IS = r"is|ist|lautet|est|es|è|jest|to|brzmi|é|wordt|era|sar[àa]"
# A PIN or PUK with its number, right after it or after "is": "SIM PIN is 4826", "code PIN
# 731904", "pincode 604821", "il PIN della SIM è 5173". Case-sensitive: "pin" is also an
# English verb and noun.
_PIN = re.compile(
    rf"(?:\b(?:PIN|PUK)(?:[- ]?(?:[Cc]ode|[Kk]od|Nummer))?|\b[Pp]in-?code)\b"
    rf"(?:[ \t]*[:=]?|[^\n\d.]{{0,25}}?(?:\s(?:{_IS})[ \t]*:?|[ \t]*:))[ \t]*(\d{{4,8}})(?![\d/:-]|[.,]\d)"  # noqa: E501
)
# HTTP and command-line credentials: "Authorization: Bearer X", "curl -u user:pass",
# "mysql -u root -pX", "sshpass -p X".
_HTTP_AUTH = re.compile(
    r"(?i)\b(?:Authorization|Auth)\b['\"]?\s*[:=]\s*['\"]?(?:Basic|Bearer|Token)\s+([A-Za-z0-9._~+/=-]{16,})"
)
_CLI_PASSWORD = re.compile(
    r"\b(?:curl\b[^\n]{0,200}?\s(?:-u|--user)\s+['\"]?[^\s:'\"]{1,64}:([^\s'\"@]{4,128})"
    r"|mysql(?:dump|admin)?\b[^\n]{0,100}?\s-p([^\s'\"-][^\s'\"]{3,127})"
    r"|sshpass\s+-p\s*['\"]?([^\s'\"]{4,128}))"
)
TRIGGERS: dict[str, re.Pattern[str]] = {
    "credentials.access_code": _ACCESS_CODE,
    "credentials.code_near_thing": _CODE_NEAR_THING,
    "credentials.pin": _PIN,
    "credentials.http_auth": _HTTP_AUTH,
    "credentials.cli": _CLI_PASSWORD,
}


def find_codes_and_commands(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    """Door, alarm and safe codes; HTTP authorization headers and passwords on command lines."""
    text, out = segment.text, []
    matches = [
        match
        for trigger, pattern in (
            ("credentials.access_code", _ACCESS_CODE),
            ("credentials.code_near_thing", _CODE_NEAR_THING),
            ("credentials.pin", _PIN),
        )
        if trigger in hits
        for match in pattern.finditer(text, start_of(hits, trigger, text))
    ]
    for match in matches:
        code = next(group for group in match.groups() if group)
        digits = re.sub(r"\D", "", code)
        if shown_to_all(text, match.end()):
            continue  # "the code 2580, which is printed on the sign for couriers and visitors"
        if len(set(digits)) >= 2:  # "0000" or "1111" is a factory default, not a secret
            label = clip(text[match.start() : match.start() + match.group().find(code)], 40)
            label = label.rstrip(" :")
            snippet = f"{label}: {SECRET_MASK}"
            out.append(
                finding(
                    NAME, Category.CREDENTIALS, "access_code", segment, snippet, Confidence.HIGH
                )
            )
    values = []
    if "credentials.http_auth" in hits:
        values += [
            ("authorization", m.group(1))
            for m in _HTTP_AUTH.finditer(text, start_of(hits, "credentials.http_auth", text))
        ]
    if "credentials.cli" in hits:
        values += [
            ("command-line password", next(g for g in m.groups() if g))
            for m in _CLI_PASSWORD.finditer(text, start_of(hits, "credentials.cli", text))
        ]
    for label, value in values:
        if looks_like_secret(value, strict=False) and not PLACEHOLDER.match(value.strip("$")):
            snippet = f"{label}: {SECRET_MASK}"
            out.append(
                finding(NAME, Category.CREDENTIALS, "secret", segment, snippet, Confidence.HIGH)
            )
    return out
