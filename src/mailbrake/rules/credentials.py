"""Credentials: provider key formats, private keys, passwords and connection strings."""

from __future__ import annotations

import re

from mailbrake.models import Category, Confidence, Finding, TextSegment
from mailbrake.rules import access_codes as codes
from mailbrake.rules import labelled_blocks as blocks
from mailbrake.rules import spoken_secrets as spoken
from mailbrake.rules.base import Detector, finding, start_of
from mailbrake.rules.context import cells_of
from mailbrake.rules.provider_keys import PROVIDER_KEYS
from mailbrake.rules.redact import SECRET_MASK, mask_token, mask_url_password
from mailbrake.rules.secret_values import (
    ACCESS_WORD,
    HEX_OR_UUID,
    KEY_COMBINATION,
    KNOWN_EXAMPLES,
    PASSWORD_WORD,
    PLACEHOLDER,
    PSK_WORD,
    SECRET_WORD,
    bad_example_on_line,
    for_everyone,
    in_a_story,
    looks_like_secret,
)

NAME = "credentials"

_PRIVATE_KEY = re.compile(
    r"-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----"
)
# The user may be empty: "redis://:PASSWORD@host" is how Redis takes a password alone.
_URL_PASSWORD = re.compile(
    r"\b[a-z][a-z0-9+.-]{1,20}://([^\s:/@'\"<>]{0,64}):([^\s/'\"<>]{1,128})@[\w.-]+"
)
# Words between a label and its colon: "hasło tymczasowe:", "password for the VPN:".
_QUALIFIER = r"(?:[ \t]+[^\W\d_][\w'’()/-]{0,20}){0,4}[ \t]*"
# "password: X", "DB_PASSWORD=X", "\"pwd\": \"X\"", "api_key (prod) = X"
# The value starts on the label's line: "DB_PASSWORD=" followed by a newline has no value.
_ASSIGNED = re.compile(
    # (a German or Dutch compound ends with the word: "Initialkennwort:", "Startwachtwoord:")
    rf"(?i)(?:(?<![A-Za-z])|(?<=[a-zäöü])(?=passwort|kennwort|wachtwoord))"
    rf"(?:[A-Z0-9_]*_)?({PASSWORD_WORD}|{ACCESS_WORD}|{SECRET_WORD})(?:_[A-Z0-9_]+)?['\"]?"
    rf"[ \t]*(?:\([^)\n]{{0,20}}\)[ \t]*)?([:=\t])[ \t]*['\"]?([^\s'\"<>,;]{{4,128}})"
)
# The same with words between label and colon; the value must then look strong (see below).
_QUALIFIED = re.compile(
    rf"(?i)(?<![A-Za-z])({PASSWORD_WORD}|{SECRET_WORD})(?![A-Za-z]){_QUALIFIER}:"
    rf"[ \t]*['\"]?([^\s'\"<>,;]{{6,128}})"
)
# "password 0R&Qk...", "reset your password to X", "pw for the shared mailbox is X"
_NATURAL_WORD = (
    # "pass" alone is a verb too ("pass FY2025 figures on"): only "the pass is X".
    r"password|passwort|passcode|passphrase|pass(?=\s+(?:is|was)\b)|pw|pwd|kennwort|mot de passe"
    r"|mdp|contrase[ñn]a"
    r"|wachtwoord|has[łl](?:o|a|em)|senha|palavra-passe|parola d'ordine|clave"
    r"|pre-?shared key|psk|shared secret|wpa2? (?:key|passphrase)|token|api[ _-]?key"
    # "the key is X" beside a network: the value must look strong (letters and a digit or symbol)
    r"|chave|cl[ée]|chiave|sleutel|Schl[üu]ssel|klucz"
)
# "is/to" in each language: NL is/wordt, IT è, PL to/brzmi/jest, PT é, ES es, FR est, DE ist.
_NATURAL = re.compile(
    rf"(?i)(?<![A-Za-z_])({_NATURAL_WORD})(?![A-Za-z])(?:[^.\n:=]{{0,60}}?\s(?:is|to|lautet|ist|est|es"
    rf"|wordt|è|brzmi|jest|é|era|ser[áa]|sar[àa])(?:\s+(?:now|nu|ora|teraz|agora|still|ainda"
    rf"|todav[íi]a|toujours|noch|nog|ancora|nadal|wci[ąa][żz]))?)?"
    rf"\s+['\"]?([^\s'\"<>,;]{{6,128}})"
)
# Quoted words that name a field's type or state in a schema or a form, not a password.
_TYPE_NAME = re.compile(
    r"(?i)^(?:string|text|varchar|boolean|integer|number|object|hidden|visible|secret|password"
    r"|required|optional|enabled|disabled|invalid|expired|default|unknown|masked)$"
)
# A label that says key, secret or token in any of the languages: a hex value after it is one
# ("Clé API : 24d7...", "Klucz API: 0820..."), where after "commit:" it is a hash.
_KEY_WORD = re.compile(
    r"(?i)token|secret|key|jeton|cl[ée]|clave|chiave|sleutel|schl[üu]ssel|klucz|chave|geheim"
    r"|segreto|secreto|segredo|sekret"
)
# A bare "key" word with its value on a line about a network or an API ("Wi-Fi: network
# Barn-Events, key marrow7-Quill-Bask", "Réseau invités – clé : bienvenue-7241"): the value
# must look strong.
_KEY_IN_EACH_LANGUAGE = r"key|cl[ée]|clave|chiave|sleutel|schl[üu]ssel|klucz|chave"
_BARE_KEY = re.compile(
    r"(?i)(?:wi-?fi|wlan|wpa\d?|ssid|network|r[ée]seau|netzwerk|netwerk|red wifi|rete|sie[ćc]"
    rf"|rede|api)\b[^\n]{{0,60}}?(?<![A-Za-z])({_KEY_IN_EACH_LANGUAGE})(?![A-Za-z])"
    r"[ \t]*[:=]?[ \t]*['\"]?([^\s'\"<>,;]{8,128})"
)
_MORE_DIGIT_GROUPS = re.compile(r"[ .-]\d{3,}[ .-]\d{3,}")
_BARE_KEY_WORD = re.compile(rf"(?i){_KEY_IN_EACH_LANGUAGE}")
_KEYWORD_NEAR = re.compile(rf"(?i)(?:{PASSWORD_WORD}|{SECRET_WORD}|credential|login)")
_LOGIN_PAIR = re.compile(
    r"(?i)\b(?:login|log-in|credentials?|creds|user(?:name)?/password|Zugangsdaten|identifiants"
    r"|credenciales|inloggegevens|credenziali|dane logowania|credenciais|Zugang|acc[èe]s|acceso"
    r"|toegang|accesso|dost[ęe]p|acesso)\b[^\n]{0,30}?"
    r"\b([\w.@-]{3,40}) ?/ ?(\S{6,64})"
)
_CELL_VALUE = re.compile(r"[^\s\t|,]{6,64}")
# A ruled line between a table's header and its rows ("---|---", "+-----+-----+", "=== ===").
_RULE_ROW = re.compile(r"[ \t]*[-=+|:]*[-=]{3,}[-=+|: \t]*")
_TABLE_ROWS = 500  # rows below a header that are checked
# A password column's header may say which password: "Temp password", "Mot de passe initial",
# "Hasło startowe", or a compound ("Initialpasswort", "Startwachtwoord").
_WHICH = (
    r"temp(?:orary)?|initial|new|start(?:ing)?|one-time|default|first|neues?|vorl[äa]ufiges?"
    r"|tempor[äa]res?|initiale?|nouveau|provisoire|temporaire|inicial|temporal|nuev[oa]"
    r"|provisional|tijdelijk|nieuw|iniziale|temporane[oa]|nuov[oa]|provvisori[oa]"
    r"|startowe|tymczasowe|nowe|pocz[ąa]tkowe|tempor[áa]ri[oa]|nov[oa]|provis[óo]ri[oa]"
)
_COMPOUND_END = r"passwort|kennwort|wachtwoord"
_COMPOUND = rf"[^\W\d_]{{2,12}}(?:{_COMPOUND_END})"
_HEADER_WORD = rf"(?:{PASSWORD_WORD}|{SECRET_WORD}|{_COMPOUND})"
_COLUMN_WORD = re.compile(rf"(?i)^\s*(?:(?:{_WHICH})\s+)?{_HEADER_WORD}(?:\s+(?:{_WHICH}))?\s*$")
# A table header cell that is a password word: the cell starts a line or follows a separator
# (tab, pipe or wide gap, comma, semicolon) and ends the same way (the words before and after
# it, if any, are checked by _COLUMN_WORD on the cell). A compound is found by its ending
# alone: trying every run of letters before it cost a third of this detector's time. The
# word is group 1 or 2, so its line is where that group starts.
_COLUMN_IN_TEXT = re.compile(
    rf"(?im)(?:(?:^|[\s,;])({PASSWORD_WORD}|{SECRET_WORD})|({_COMPOUND_END}))(?:$|[\s,;])"
)


TRIGGERS: dict[str, re.Pattern[str]] = {
    **{f"credentials.key{i}": pattern for i, (_kind, pattern, _shown) in enumerate(PROVIDER_KEYS)},
    "credentials.private_key": _PRIVATE_KEY,
    "credentials.assigned": _ASSIGNED,
    "credentials.natural": _NATURAL,
    "credentials.bare_key": _BARE_KEY,
    "credentials.qualified": _QUALIFIED,
    "credentials.url": _URL_PASSWORD,
    "credentials.login": _LOGIN_PAIR,
    "credentials.column": _COLUMN_IN_TEXT,
    **codes.TRIGGERS,
    **blocks.TRIGGERS,
    **spoken.TRIGGERS,
}
ALL = frozenset(TRIGGERS)
_KEYS_GATED = tuple(
    (f"credentials.key{index}", kind, pattern, shown)
    for index, (kind, pattern, shown) in enumerate(PROVIDER_KEYS)
)


def _provider_keys(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    out = []
    for trigger, kind, pattern, shown in _KEYS_GATED:
        if trigger not in hits:
            continue
        for match in pattern.finditer(segment.text):
            value = match.group()
            if value in KNOWN_EXAMPLES or "EXAMPLE" in value or "XXXX" in value.upper():
                continue
            snippet = f"{kind} {mask_token(value, shown, 4)}"
            out.append(finding(NAME, Category.CREDENTIALS, kind, segment, snippet, Confidence.HIGH))
    for match in _PRIVATE_KEY.finditer(segment.text) if "credentials.private_key" in hits else ():
        snippet = f"-----BEGIN {match.group(1)}----- ********"
        out.append(
            finding(NAME, Category.CREDENTIALS, "private_key", segment, snippet, Confidence.HIGH)
        )
    return out


def _assigned_secrets(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    text, out = segment.text, []
    # (label, value match, whether the value must look strong, whether the label was written out)
    matches: list[tuple[str, re.Match[str], int, bool, bool]] = []
    if "credentials.assigned" in hits:
        # A tab is a spreadsheet's or a table's cell boundary: the next cell may be a header.
        matches += [
            (m.group(1), m, 3, m.group(2) == "\t", False)
            for m in _ASSIGNED.finditer(text, start_of(hits, "credentials.assigned", text))
        ]
    if "credentials.qualified" in hits:
        matches += [
            (m.group(1), m, 2, True, False)
            for m in _QUALIFIED.finditer(text, start_of(hits, "credentials.qualified", text))
        ]
    if "credentials.natural" in hits:
        matches += [
            (m.group(1), m, 2, True, True)
            for m in _NATURAL.finditer(text, start_of(hits, "credentials.natural", text))
        ]
    if "credentials.bare_key" in hits:
        matches += [
            (m.group(1), m, 2, True, True)
            for m in _BARE_KEY.finditer(text, start_of(hits, "credentials.bare_key", text))
        ]
    seen: set[tuple[str, str]] = set()
    for word, match, group, strict, natural in matches:
        value = _unbracketed(match.group(group).rstrip("."))
        if (word.lower(), value) in seen:
            continue
        seen.add((word.lower(), value))
        if HEX_OR_UUID.match(value) and not _KEY_WORD.search(word):
            continue
        if natural and _header_cell(text, match.start(1), match.end(1), match.start(group)):
            continue  # "naam,wachtwoord" over "T-0001,...": a column's name (`_password_column`)
        if _NOT_A_VALUE.match(value):
            continue  # "Passwort vergessen?", "WLAN-Schlüssel (WPA2/WPA3)": a question, a note
        if _MARKER_BEFORE.search(text, max(0, match.start(1) - 12), match.start(1)):
            continue  # "Top secret: Geoffrey's send-off", a classification's words, no label
        if bad_example_on_line(text, match.start(), min(len(text), match.end(group) + 40)):
            continue  # "Hasło typu „Wiosna2025!” nie jest bezpieczne": advice, not a password
        if value.isdigit() and _MORE_DIGIT_GROUPS.match(text, match.end(group)):
            continue  # the first group of a long number (an invoice's access key), not a PIN
        if _BARE_KEY_WORD.fullmatch(word) and natural and len(value) < 8:
            continue  # "con la clave J-2841", a register's code: a bare key word needs more
        if not (looks_like_secret(value, strict=strict) or _quoted_word(text, match, group)):
            continue
        # (the costlier readings of the context last, for values that look like secrets)
        if in_a_story(text, match.start(group), match.end(group)):
            continue  # a character's password in a manuscript or a game: "Nightjar44"
        if for_everyone(text, match.start(group)):
            continue  # a guest network's password, printed on the wall for all
        is_password = re.fullmatch(rf"(?i){PASSWORD_WORD}|{ACCESS_WORD}", word) is not None
        is_psk = PSK_WORD.search(word) is not None
        kind = "password" if is_password else "pre_shared_key" if is_psk else "secret"
        snippet = f"{word}: {SECRET_MASK}"
        sure = not natural or is_password or is_psk
        confidence = Confidence.HIGH if sure else Confidence.MEDIUM
        out.append(finding(NAME, Category.CREDENTIALS, kind, segment, snippet, confidence))
    return out


_OPENER = {")": "(", "]": "[", "}": "{"}
# After a label, a question ("Wachtwoord vergeten?") or a note in brackets ("(WPA2/WPA3)").
# (or a key combination: "mot de passe : Ctrl+Alt+Suppr, puis ...")
_NOT_A_VALUE = re.compile(rf"[^\W\d_]+\?$|[(\[][^()\[\]]*[)\]]\W*$|{KEY_COMBINATION}$")
_MARKER_BEFORE = re.compile(
    r"(?i)\b(?:top|strictly|highly|streng|tr[èe]s|muy|molto|zeer|[śs]ci[śs]le|muito)\s+$"
)


def _header_cell(text: str, start: int, end: int, value_start: int) -> bool:
    """Whether a label ends its line as a cell of a table's row and the value is on the next."""
    gap = text[end:value_start]
    if "\n" not in gap or gap[: gap.index("\n")].strip(" \t\"'"):
        return False  # the value is not on the next line, or words follow the label
    return text[:start].rstrip(" \"'").endswith((",", ";", "\t", "|"))


def _unbracketed(value: str) -> str:
    """The value without a closing bracket it does not open: "(password: ********)"."""
    while (
        value and value[-1] in _OPENER and value.count(value[-1]) > value.count(_OPENER[value[-1]])
    ):
        value = value[:-1]
    return value


def _quoted_word(text: str, match: re.Match[str], group: int) -> bool:
    """A word in quotes right after a password label ("the wifi password is 'sunflower'"):
    quoting it says it is the literal password, though it is a plain word."""
    start, end = match.span(group)
    quote = text[start - 1 : start]
    value = match.group(group)
    return (
        quote in ("'", '"')
        and text[end : end + 1] == quote
        and value.isalpha()
        and len(value) >= 6
        and not PLACEHOLDER.match(value)
        and not _TYPE_NAME.match(value)
    )


def _connection_strings(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    text, out = segment.text, list[Finding]()
    if "credentials.url" not in hits:
        return out
    for match in _URL_PASSWORD.finditer(text, start_of(hits, "credentials.url", text)):
        password = match.group(2)
        if PLACEHOLDER.match(password) or password.startswith("$"):
            continue
        snippet = mask_url_password(match.group(), password)
        out.append(
            finding(
                NAME, Category.CREDENTIALS, "connection_string", segment, snippet, Confidence.HIGH
            )
        )
    return out


def _login_pairs_and_tables(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    text, out = segment.text, []
    for match in (
        _LOGIN_PAIR.finditer(text, start_of(hits, "credentials.login", text))
        if "credentials.login" in hits
        else ()
    ):
        if looks_like_secret(match.group(2), strict=True):
            out.append(
                finding(
                    NAME,
                    Category.CREDENTIALS,
                    "password",
                    segment,
                    f"login {match.group(1)[:2]}*** / {SECRET_MASK}",
                    Confidence.HIGH,
                )
            )
    if "credentials.column" not in hits:
        return out
    return out + _password_column(segment, hits)


# A table of a breach's commonest passwords, as an awareness note quotes them: statistics.
_LEAKED_LIST = re.compile(
    r"(?i)\b(?:(?:most )?(?:common|frequent|used)(?:est)?|leaked|worst|weakest|top (?:\d+|ten)"
    r"|popular\w*) (?:leaked )?"
    r"passwords?\b|\b(?:h[äa]ufigsten|meistgenutzten) Passw[öo]rter|mots de passe les plus"
    r"|contrase[ñn]as m[áa]s (?:comunes|usadas)|password pi[ùu] (?:comuni|usate)"
    r"|meest gebruikte wachtwoorden|najpopularniejsze has[łl]a|senhas mais (?:comuns|usadas)"
)


def _password_column(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    """A value that looks like a secret in a table column headed "password", "token"...

    The header is a row (two or more cells) with a cell that is only such a word; the rows
    below it with as many cells are the table, and only that column's cells are checked.
    """
    text = segment.text
    lines = text.split("\n")
    headers = _COLUMN_IN_TEXT.finditer(text, start_of(hits, "credentials.column", text))
    for number in dict.fromkeys(text.count("\n", 0, m.start(m.lastindex or 0)) for m in headers):
        header = cells_of(lines[number])
        columns = [i for i, cell in enumerate(header) if _COLUMN_WORD.match(cell)]
        if len(header) < 2 or not columns:
            continue
        above = "\n".join(lines[max(0, number - 8) : number])
        if _LEAKED_LIST.search(above) or _LEAKED_LIST.search(lines[number]):
            continue  # "the most common leaked passwords" and how many accounts used each
        for row in lines[number + 1 : number + 1 + _TABLE_ROWS]:
            if _RULE_ROW.fullmatch(row):
                continue
            cells = cells_of(row)
            if not row.strip() or len(cells) < 2 or abs(len(cells) - len(header)) > 1:
                break
            for index in columns:
                value = cells[index].strip().strip("\"'") if index < len(cells) else ""
                if _CELL_VALUE.fullmatch(value) and looks_like_secret(value, strict=True):
                    snippet = f"{header[index].strip()} column: {SECRET_MASK}"
                    return [
                        finding(
                            NAME,
                            Category.CREDENTIALS,
                            "password_table",
                            segment,
                            snippet,
                            Confidence.HIGH,
                        )
                    ]
    return []


def find_credentials(segment: TextSegment, hits: frozenset[str] = ALL) -> list[Finding]:
    out: list[Finding] = []
    parts = (
        _provider_keys,
        _assigned_secrets,
        _connection_strings,
        _login_pairs_and_tables,
        codes.find_codes_and_commands,
        blocks.find_labelled_blocks,
        spoken.find_spoken_secrets,
    )
    for part in parts:
        out.extend(part(segment, hits))
    return out


# Searched over the whole segment from where Hyperscan says they can start (`start_of`).
LOCATED = frozenset(
    (
        "credentials.assigned",
        "credentials.qualified",
        "credentials.natural",
        "credentials.url",
        "credentials.login",
        "credentials.access_code",
        "credentials.code_near_thing",
        "credentials.http_auth",
        "credentials.cli",
        "credentials.pin",
        "credentials.column",
        "credentials.spoken",
        *blocks.LOCATED,
    )
)
DETECTOR = Detector(NAME, Category.CREDENTIALS, find_credentials, TRIGGERS, LOCATED)
