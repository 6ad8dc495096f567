"""Secrets on the lines below their label: a password or a key given on a line of its own
after "Your temporary password:" or "use the following key:", and a list of two-factor
recovery codes after "your backup codes:"."""

from __future__ import annotations

import re

from mailbrake.models import Category, Confidence, Finding, TextSegment
from mailbrake.rules.base import clip, finding, start_of
from mailbrake.rules.redact import SECRET_MASK
from mailbrake.rules.secret_values import (
    KNOWN_EXAMPLES,
    PASSWORD_WORD,
    PLACEHOLDER,
    SECRET_WORD,
    entropy,
    looks_like_secret,
)

NAME = "credentials"

# "API key:", "folgenden API-Schlüssel:", "la clé suivante :", "poniższego klucza API:", or a
# sentence ending in a colon ("the token we generated for your integration is:"), then the key
# alone on one of the next three lines.
_KEY_WORD = (
    rf"{SECRET_WORD}|key|schl[üu]ssel|cl[ée]|clave|sleutel|chiave|klucz\w{{0,2}}|chave|tok[eè]n"
)
_KEY_BELOW = re.compile(
    rf"(?i)(?<![\w-])(?:{_KEY_WORD})(?![\w-])[^\n:]{{0,100}}:[ \t]*\n(?:[ \t]*\n){{0,2}}"
    r"[ \t]*([A-Za-z0-9+/_=.-]{24,128})[ \t]*(?:\n|$)"
)
# "Your temporary password:", "Passwort:", then the password alone on one of the next three
# lines (a sentence there, "please use the reset link", is no password).
_PASSWORD_BELOW = re.compile(
    rf"(?i)(?<![\w-])(?:{PASSWORD_WORD})(?![\w-])[^\n:]{{0,40}}:[ \t]*\n(?:[ \t]*\n){{0,2}}"
    r"[ \t]*([^\s'\"<>]{6,64})[ \t]*(?:\n|$)"
)
# "Log in at admin.example with:", then the user name and the password alone on the next two
# lines: a sign-in given without the word "password".
_LOGIN_BELOW = re.compile(
    r"(?i)(?<![\w-])(?:log ?in|sign ?in|anmelden|einloggen|connecte[zr]-vous|inicia(?:r)? sesi[óo]n"
    r"|accedi|inloggen|log (?:je|u) in|zaloguj(?: si[ęe])?|inicie sess[ãa]o|entre)(?![\w-])[^\n:]{0,100}:"  # noqa: E501
    r"[ \t]*\n(?:[ \t]*\n){0,2}[ \t]*[^\s'\"<>]{3,80}[ \t]*\n[ \t]*([^\s'\"<>]{8,64})[ \t]*(?:\n|$)"
)
# Accounts handed over one per line, "- Instagram: club.account / #3??iyK&Igzb", below words
# of access ("aqui vão os acessos", "your logins"): the part after the slash, if random.
_PAIR_LINE = re.compile(
    r"(?m)^[ \t]*[-*•]?[ \t]*[^\n:]{2,40}:[ \t]*[\w.@-]{3,40}[ \t]*/[ \t]*([^\s/]{8,64})[ \t]*(?:\(|$)"  # noqa: E501
)
_ACCESS_WORD = re.compile(
    r"(?i)\b(?:access(?:es)?|accounts?|logins?|credentials|acessos?|acc[èe]s|accesos?|accessi|accesso"
    r"|Zug[äa]nge?|Zugangsdaten|toegang(?:en)?|inloggegevens|dost[ęe]py?|identifiants|credenciais"
    r"|credenziali|credenciales|contas|comptes|cuentas|konta)\b"
)
# A public key or a fingerprint is meant to be shared.
_PUBLIC = re.compile(
    r"(?i)public|[öo]ffentlich|publique|p[úu]blica|pubblica|publiczn|publieke|fingerprint"
    r"|Fingerabdruck|empreinte|huella|vingerafdruk|impronta|odcisk|impress[ãa]o digital|checksum"
    r"|hash|sha-?\d|md5|commit|revision|\bid\b"
    # A product's licence key is for installing software, not for signing in.
    r"|licen[cs]|Lizenz|licencia|licentie|licenza|licencj|licen[çc]a|product|Produkt|produit"
    r"|serial|activation|Aktivierung"
)
# A path or a file name is where a key is kept, not the key.
_PATH = re.compile(r"^[/~.]|\\|\.(?:pem|key|crt|cer|pub|p12|pfx|json|txt|env|ya?ml|ini)$")
# "backup codes", "Wiederherstellungscodes", "codes de secours", "kody zapasowe"..., then at
# least three codes, one per line (words and spaces of up to 12 characters with a digit).
_CODES_WORD = (
    r"(?:backup|recovery|2fa|two-factor) codes|Wiederherstellungscodes"
    r"|(?:Backup|Sicherungs|Notfall|Wiederherstellungs)-?codes|codes de (?:secours|r[ée]cup[ée]ration"  # noqa: E501
    r"|sauvegarde)|c[óo]digos de (?:recuperaci[óo]n|respaldo|recupera[çc][ãa]o|backup"
    r"|c[óo]pia de seguran[çc]a)|herstelcodes|back-?upcodes|codici di (?:recupero|backup|emergenza)"
    r"|kody (?:zapasowe|odzyskiwania|awaryjne|jednorazowe)"
)
_CODE = r"[A-Za-z0-9]{3,12}(?:[ -][A-Za-z0-9]{3,6}){0,2}"
# (a line may hold up to four codes apart: "8842-1937   5503-6618")
_CODE_LINE = rf"[ \t]*(?:\d+[.)][ \t]+)?{_CODE}(?:[ \t]{{2,}}{_CODE}){{0,3}}[ \t]*(?:\n|$)"
_CODES_BELOW = re.compile(
    rf"(?i)\b(?:{_CODES_WORD})\b[^\n]{{0,240}}\n(?:[ \t]*\n){{0,2}}((?:{_CODE_LINE}){{3,}})"
)
TRIGGERS: dict[str, re.Pattern[str]] = {
    "credentials.key_below": _KEY_BELOW,
    "credentials.password_below": _PASSWORD_BELOW,
    # Only the label: Hyperscan cannot compile the list's pattern, and few texts have one.
    "credentials.codes_below": re.compile(rf"(?i)\b(?:{_CODES_WORD})\b"),
    "credentials.login_below": _LOGIN_BELOW,
    "credentials.pair_line": _PAIR_LINE,
}
# Searched from where Hyperscan says they can start (the others are searched whole: Hyperscan
# cannot give their start exactly).
LOCATED = frozenset({"credentials.key_below"})


def find_labelled_blocks(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    """A key or a password on its own line below its label (or below "log in with:", or one
    account per line below words of access); a list of recovery codes below their label."""
    return [
        _secret(segment, kind, label)
        for kind, label in (
            _key_below(segment.text, hits),
            _password_below(segment.text, hits),
            _login_below(segment.text, hits),
            _pair_line(segment.text, hits),
            _codes_below(segment.text, hits),
        )
        if label is not None
    ]


# Each finder gives (kind, the label its snippet shows) for its first secret, or a None label.
Found = tuple[str, str | None]


def _key_below(text: str, hits: frozenset[str]) -> Found:
    if "credentials.key_below" in hits:
        for match in _KEY_BELOW.finditer(text, start_of(hits, "credentials.key_below", text)):
            line_start = text.rfind("\n", 0, match.start()) + 1  # the label's whole line
            label = text[line_start : match.start(1)].split("\n")[0]
            if _looks_like_key(match.group(1)) and not _PUBLIC.search(label):
                return "secret", clip(label.rstrip(" :"), 40)
    return "secret", None


def _password_below(text: str, hits: frozenset[str]) -> Found:
    if "credentials.password_below" in hits:
        for match in _PASSWORD_BELOW.finditer(text):
            if looks_like_secret(match.group(1), strict=True):
                label = text[match.start() : match.start(1)].split("\n")[0]
                return "password", clip(label.rstrip(" :"), 40)
    return "password", None


def _login_below(text: str, hits: frozenset[str]) -> Found:
    if "credentials.login_below" in hits:
        for match in _LOGIN_BELOW.finditer(text):
            if _random_password(match.group(1)):
                label = clip(text[match.start() : match.end()].split("\n")[0], 40)
                return "password", label.rstrip(" :")
    return "password", None


def _pair_line(text: str, hits: frozenset[str]) -> Found:
    if "credentials.pair_line" in hits:
        for match in _PAIR_LINE.finditer(text):
            if _random_password(match.group(1)) and _ACCESS_WORD.search(
                text, max(0, match.start() - 300), match.start()
            ):
                return "password", clip(match.group().strip(" -*•").split(":")[0], 40)
    return "password", None


def _codes_below(text: str, hits: frozenset[str]) -> Found:
    if "credentials.codes_below" in hits:
        for match in _CODES_BELOW.finditer(text):
            codes = match.group(1).split("\n")
            if sum(any(c.isdigit() for c in code) for code in codes) >= 3:
                label = clip(text[match.start() : match.end()].split("\n")[0], 40)
                return "recovery_codes", label.rstrip(" :")
    return "recovery_codes", None


def _secret(segment: TextSegment, kind: str, label: str) -> Finding:
    snippet = f"{label}: {SECRET_MASK}"
    return finding(NAME, Category.CREDENTIALS, kind, segment, snippet, Confidence.HIGH)


def _random_password(value: str) -> bool:
    """A password with no label must look like one on its own: upper and lower case letters
    and a digit or a symbol, random-looking, not an address, a host or a path."""
    if (
        "@" in value
        or "/" in value
        or value.count(".") >= 1
        or not looks_like_secret(value, strict=True)
    ):
        return False
    classes = (str.isupper, str.islower, str.isdigit)
    mixed = sum(any(test(c) for c in value) for test in classes)
    symbol = any(not c.isalnum() for c in value)
    return mixed + symbol >= 3 and entropy(value) >= 3.2


def _looks_like_key(value: str) -> bool:
    """Random-looking: letters and digits mixed, high entropy, not a placeholder or an
    example, not a plain word, path or host name."""
    if PLACEHOLDER.match(value) or value in KNOWN_EXAMPLES or "EXAMPLE" in value:
        return False
    if _PATH.search(value):
        return False
    if not (any(c.isdigit() for c in value) and any(c.isalpha() for c in value)):
        return False
    if value.count(".") >= 2 and not any(c.isupper() for c in value):
        return False  # a host name or a version string
    return entropy(value) >= 3.5
