"""Passwords and keys given in a sentence, with words between the label and the value:
"le mot de passe provisoire Loire!2025-kp", "le mdp c'est X", "der WPA2-Schlüssel ist X",
"la contraseña de aplicación es abcd efgh ijkl mnop", "de inlogcode is X"."""

from __future__ import annotations

import re

from mailbrake.models import Category, Confidence, Finding, TextSegment
from mailbrake.rules.base import clip, finding, start_of
from mailbrake.rules.redact import SECRET_MASK
from mailbrake.rules.secret_values import (
    BAD_EXAMPLE,
    KEY_COMBINATION,
    PSK_WORD,
    bad_example_on_line,
    for_everyone,
    in_a_story,
    looks_like_secret,
)

NAME = "credentials"

# Labels of a password or a network key in the eight languages.
_LABEL = re.compile(
    r"(?i)(?<![A-Za-z/=?._<{\[-])(password|passwort|kennwort|passphrase|mot de passe|mdp"
    r"|contrase[ñn]a|wachtwoord|inlogcode|has[łl](?:o|a|em)|senha|palavra-passe|parola d'ordine"
    r"|app[- ]passwor[dt]|WPA[23]?[- ]?(?:key|Schl[üu]ssel|sleutel)|WLAN-Schl[üu]ssel"
    r"|cl[ée] (?:WPA[23]?|wi-?fi)|clave (?:WPA[23]?|wi-?fi)|chiave (?:WPA[23]?|wi-?fi|di rete)"
    r"|klucz\w{0,2} (?:WPA[23]?|wi-?fi|sieci)|chave (?:WPA[23]?|wi-?fi|de rede)"
    r"|wifi-sleutel|netwerksleutel"
    # signing in with a value: "sign in with Kx7v-Plum-0393 for now"
    r"|(?:sign|log) ?(?:in|on) with|se (?:re)?connecter avec|anmelden mit|iniciar sesi[óo]n con"
    r"|inloggen met|accedere con|zalogowa[ćc] si[ęe]|entrar com)(?![A-Za-z])"
)
# How far after its label a value is looked for, within the sentence.
_REACH = 80
_LONGEST = 64  # the longest value read
_SENTENCE_END = re.compile(r"[.!?;]\s|\n")
_TOKEN = re.compile(r"(?<![\w@./-])([^\s'\"<>,;()«»“”]{6,64})")
# A commit, a checksum or a digest named just before a value: it is a hash.
_HASH_BEFORE = re.compile(r"(?i)\b(?:commit|sha\d*|hash|checksum|digest|rev(?:ision)?)[ :#=]*$")
# An app password as providers print it: four groups of four letters.
_APP_PASSWORD = re.compile(r"\b[a-z]{4}(?: [a-z]{4}){3}\b")
# Values that are something else: a ticket or case number, a key combination, an address, a
# host, a file, a date, a password manager, a user name (lower-case letters, at most three
# digits at the end).
_NOT_A_SECRET = re.compile(
    rf"(?i)^(?:[A-Z]{{1,6}}-?\d{{3,}}|{KEY_COMBINATION}|\S*@\S*|https?:\S*|www\.\S*"
    r"|\S+\.(?:pdf|docx?|xlsx?|txt|com|net|org|example|io|co|uk|de|fr|es|it|nl|pl|pt|eu"
    r"|ya?ml|json|env|ini|toml|cfg|conf|py|sh|xml|csv|log|md)|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}"
    r"|1Password|KeePass\w*|Bitwarden|LastPass|Dashlane"
    # a wireless security mode: "der WLAN-Schlüssel (WPA2/WPA3)"
    r"|(?:WPA\d?|WEP|AES|TKIP|SAE|PSK)(?:[-/+](?:WPA\d?|WEP|AES|TKIP|SAE|PSK|Personal|Enterprise))*"
    # a number and what it counts: "8-character", "14-day", "2-step"
    r"|\d{1,3}-[a-z]+)$"
    r"|^(?-i:[a-z]+(?:[._][a-z]+)?\d{0,3})$"
    # a chat channel ("avisem no #seguranca"), an environment variable's name (DB_PASSWORD)
    r"|^(?-i:#[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)$"
    # the next field of a connection string or a settings line: "Encrypt=True"
    r"|^[A-Za-z][\w ]*=\w*$"
)

# "Which password is the strongest?": a question about passwords, its options no password.
_WHICH = re.compile(
    r"(?i)\b(?:which|what|welches|welche[rs]?|quel(?:le)?s?|cu[áa]l(?:es)?|quale|quali|welk(?:e)?"
    r"|kt[óo]re|jakie|qual|quais)\s+$"
)
# An example given in advice, just before the value.
_FOR_EXAMPLE = re.compile(
    r"(?i)(?:\be\.g\.|\bfor (?:example|instance)|\bsuch as|\blike|\bexample:?|\bz\.\s?B\."
    r"|\bzum Beispiel|\bpar exemple|\bpor ejemplo|\bad esempio|\bbijvoorbeeld|\bnp\."
    r"|\bpor exemplo)[ \t,:]*['\"“]?$"
)

TRIGGERS: dict[str, re.Pattern[str]] = {"credentials.spoken": _LABEL}


def find_spoken_secrets(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    """The first secret-looking value after a password label in the same sentence."""
    if "credentials.spoken" not in hits:
        return []
    text = segment.text
    for match in _LABEL.finditer(text, start_of(hits, "credentials.spoken", text)):
        if _WHICH.search(text, max(0, match.start() - 16), match.start()):
            continue  # "Które hasło jest najsilniejsze: a) ... b) ...": a quiz's question
        # A value must start within the reach; it is read whole (a host name cut at the reach
        # looked like a password: "te1vora-support" of "te1vora-support.example").
        reach = text[match.end() : match.end() + _REACH + _LONGEST]
        end = _SENTENCE_END.search(reach)
        clause = reach[: end.start()] if end else reach
        if not _value_in(clause) or BAD_EXAMPLE.search(clause):
            continue
        if bad_example_on_line(text, match.start(), match.start()):
            continue  # "Schlechte Beispiele, die wir sehen: „Passwort123“, „Sommer2025!“"
        if in_a_story(text, match.end(), match.end() + 1):
            continue  # "When Maren types the password, you've got it as \"Nightjar44\""
        if for_everyone(text, match.end()):
            continue  # "le Wi-Fi invités : mot de passe « cannelle2024 »", on the wall for all
        word = match.group(1)
        kind = "pre_shared_key" if PSK_WORD.search(word) else "password"
        snippet = f"{clip(word, 30)}: {SECRET_MASK}"
        return [finding(NAME, Category.CREDENTIALS, kind, segment, snippet, Confidence.HIGH)]
    return []


def _value_in(clause: str) -> bool:
    if _APP_PASSWORD.search(clause[:_REACH]):
        return True
    for token in _TOKEN.finditer(clause):
        if token.start() >= _REACH:
            break
        if _FOR_EXAMPLE.search(clause, 0, token.start()):
            continue  # advice's example: "a passphrase, e.g. kettle-violin-harbour-moss"
        value = token.group(1).strip("=:").rstrip(".!?")
        if _NOT_A_SECRET.match(value):
            continue
        if _HASH_BEFORE.search(clause, max(0, token.start() - 12), token.start()):
            continue  # "(commit 3b8e91d0...)": a hash the sentence names, not a password
        if looks_like_secret(value, strict=True):
            return True
    return False
