"""What a secret looks like: the labels that introduce one, and values that are none."""

from __future__ import annotations

import math
import re
from collections import Counter

from mailbrake.rules.boilerplate import FICTION

# Password labels in EN, DE, FR, ES, NL, IT, PL and PT (Italian mostly says "password").
PASSWORD_WORD = (
    r"pass(?:word|wd|code|phrase)?|pwd?|pin|passwort|kennwort|mot de passe|mdp|contrase[ñn]a|clave"
    r"|wachtwoord|toegangscode|pincode|parola d'ordine|parola chiave|has[łl](?:o|a|em)|senha"
    r"|palavra-passe|c[óo]digo de acesso"
)
# Access codes given like a password ("code d'accès : X"): only with a colon, an equals sign
# or "is" (not in `_QUALIFIED`'s looser form, which Hyperscan could then not locate exactly).
ACCESS_WORD = r"code d'acc[èe]s|codice d'accesso|Zugangscode|kod dost[ęe]pu|access code"
SECRET_WORD = (
    r"secret|token|api[ _-]?key|access[ _-]?key|private[ _-]?key|client[ _-]?secret"
    r"|auth(?:[ _-]?(?:key|token))?"
    # Pre-shared keys (Wi-Fi, VPN) and the keys of connection strings (Azure, ADO, JDBC).
    r"|pre[ _-]?shared[ _-]?key|psk|shared[ _-]?secret|wpa2?[ _-]?(?:key|passphrase)"
    r"|network[ _-]?key|wi-?fi[ _-]?key|account[ _-]?key|shared[ _-]?access[ _-]?key|sas[ _-]?token"
    r"|WLAN-Schl[üu]ssel|Netzwerkschl[üu]ssel|WPA[23]?-Schl[üu]ssel|API-Schl[üu]ssel"
    r"|cl[ée] (?:WPA[23]?|wifi|wi-fi|secr[èe]te|de s[ée]curit[ée]|d'API|API|pr[ée]-?partag[ée]e)"
    r"|clave (?:WPA[23]?|wifi|wi-fi|de (?:la )?API|API|precompartida|compartida)"
    r"|netwerksleutel|wifi-sleutel|WPA[23]?-sleutel|API-sleutel|gedeelde sleutel"
    r"|chiave (?:di rete|wifi|WPA[23]?|segreta|di accesso|API|condivisa|pre-?condivisa)"
    r"|klucz\w{0,2} (?:sieci|wifi|WPA[23]?|dost[ęe]pu|API|wsp[óo][łl]dzielon\w+)"
    r"|chave (?:de rede|wifi|WPA[23]?|secreta|de acesso|(?:de )?API|pr[ée]-?partilhada"
    r"|pr[ée]-?compartilhada|partilhada|compartilhada)"
)
PSK_WORD = re.compile(
    r"(?i)pre[ _-]?shared|psk|shared[ _-]?secret|wpa|network|netz|netwerk|wi-?fi|wlan|di rete"
    r"|sieci|de rede|partag|compartid|condivis|wsp[óo][łl]dziel|partilhad|compartilhad|gedeelde"
)
_FILLER = re.compile(
    r"[xX]{6,}|\*{4,}|•{4,}|_{6,}|(?i:replace[_-]?me|change[_-]me|fill[_-]?me"
    # words that tell the reader to put a value in: "cambia-esto-por-una-cadena-aleatoria"
    r"|change[_-]?(?:this|it)|cambia[_-]?esto|c[áa]mbiame|[àa][_-](?:remplacer|changer)"
    r"|remplace[rz][_-]|bitte[_-]?(?:[äa]ndern|aendern|ersetzen)|wijzig[_-]?(?:dit|mij)"
    r"|vervang[_-]?(?:dit|mij)|cambiami|da[_-]cambiare|sostituisci|zmie[nń][_-]?(?:to|mnie)"
    r"|do[_-]zmiany|(?:altere|mude)[_-]?(?:isto|me)|substitua|random[_-]string"
    r"|cadena[_-]aleatoria|cha[iî]ne[_-]al[ée]atoire|stringa[_-]casuale|willekeurige[_-]string"
    r"|losowy[_-]ci[ąa]g|string[_-]aleat[óo]ria|zuf[äa]llige\w*[_-]zeichen\w*"
    # "your key here" after a key's prefix: "cbr_test_TU_CLAVE_AQUI"
    r"|(?-i:EXAMPLE)|not[_-]a[_-](?:secret|password|real\w*)|dev[_-]only|do[_-]not[_-]use|insecure[_-]"
    r"|(?:tu|tua|votre|ta|dein|jouw|twoj|sua|your)[_-](?:clave|chiave|cl[ée]|schl[üu]ssel|sleutel"
    r"|klucz|chave|key|token)|[_-](?:aqu[íi]|qui|ici|hier|tutaj|here)$)"
)
# A key combination named where a password might be: "Ctrl+Alt+Suppr", "Strg+Alt+Entf".
KEY_COMBINATION = r"(?i:(?:ctrl|alt|shift|cmd|strg|option|win)\+\S*)"
PLACEHOLDER = re.compile(
    r"(?i)^(?:\*+|x{3,}|\.{3,}|<[^>]*>|\[[^\]]*\]|\{[^}]*\}|\$\{?\w+\}?|%\w+%|your[_-]?\w*|my[_-]?\w*"
    # a shell's command substitution: `export KEY="$(openssl rand -hex 32)"` makes a value
    r"|\$\(\S*|`\S*|\$\{[^}\s]*\}"
    r"|changeme|change_me|password\d*|passw0rd|secret|example\w*|dummy\w*|sample\w*|test\w*|none"
    r"|null|redacted|hidden|removed|n/?a|tbd|todo|placeholder|\w*_here|same|below|above|attached"
    r"|required|optional|masked|encrypted|hashed|reset|expired|the|your|a|an|not"
    # An HTTP authentication scheme ("Auth: Bearer"): the token, if any, comes after it.
    r"|bearer|basic|digest|negotiate"
    r"|(?:jouw|uw|je|tuo|tua|twoje|tw[óo]j|seu|sua|votre|ton|dein|ihr|tu)[_-]\w+"
    # A constant's name in capitals ("LA_TUA_CHIAVE_API", "S3_ACCESS_KEY_ID"), not its value.
    r"|(?-i:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+))$"
)
# A value that names where the secret comes from, not the secret: os.environ["X"],
# process.env.X, config.db_password, get_password(), vault references.
REFERENCE = re.compile(
    r"(?i)^(?:os\.|process\.env|env\b|getenv|environ|System\.getenv|ENV\[|\{\{|vault:"
    r"|[a-z_][\w.]*[(\[]|[a-z_]+(?:\.[a-z_]+)+$)"
)
# A passphrase: three or more words or numbers joined by "-", "_" or ".", each word at least
# three letters ("maple-river-42-cloud", not "out-of-date" or "end-to-end").
PASSPHRASE = re.compile(r"^(?:[A-Za-z]{3,}|\d+)(?:[-_.](?:[A-Za-z]{3,}|\d+)){2,}$")
HEX_OR_UUID = re.compile(
    r"(?i)^(?:[0-9a-f]{7,40}|[0-9a-f]{64}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$"
)
KNOWN_EXAMPLES = frozenset(
    {
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        # the example token on jwt.io's home page (signed with "your-256-bit-secret")
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwi"
        "aWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    }
)


# A password given as an example of what not to choose: "a password like Summer2024! is not
# safe", "Hasło typu „Wiosna2025!” nie jest bezpieczne".
BAD_EXAMPLE = re.compile(
    r"(?i)\b(?:is not|isn't|is never|nie jest|n['’]est pas|no es|non [èe]|is niet|n[ãa]o [ée]"
    r"|ist nicht|ist kein)\s+(?:a |un |una |een |ein )?(?:very )?(?:safe|secure|strong|good"
    r"|bezpieczn\w*|s[ûu]r\w*|segur[oa]|sicur[oa]|veilig|sicher|stark|fort|forte)\b"
    r"|\b(?:typu|such as|like|e\.g\.|for example|zum Beispiel|wie etwa|comme|par exemple"
    r"|por ejemplo|ad esempio|zoals|bijvoorbeeld|np\.|na przyk[łl]ad|por exemplo)\s+[„“\"'«]"
    # "bad examples we keep seeing: ...", in each language
    r"|\b(?:bad|weak|poor|terrible|schlechte\w*|mauvais|malos|cattivi|slechte|z[łl]e|maus)"
    r" (?:examples?|Beispiele?|exemples?|ejemplos?|esempi|voorbeelden|przyk[łl]ady|exemplos)\b"
    # "... to złe hasła", "are bad passwords", said of the values
    r"|\b(?:bad|weak|poor|z[łl]e|s[łl]abe|schlechte|mauvais|malas|cattive|slechte|m[áa]s)"
    r" (?:passwords?|has[łl]a|Passw[öo]rter|mots de passe|contrase[ñn]as|password"
    r"|wachtwoorden|senhas)\b"
)


# A network for everyone in a place: its password is printed on the wall ("Le Wi-Fi invités a
# changé : mot de passe « cannelle2024 »", "patient Wi-Fi", "WLAN für Gäste").
_NETWORK = re.compile(
    r"(?i)\b(?:wi-?fi|wlan|wireless|hotspot|network|r[ée]seau|red|rete|netwerk|Netz\w*|sie[ćc]"
    r"|sieci|rede)\b"
)
_FOR_EVERYONE = re.compile(
    r"(?i)\b(?:guests?|visitors?|patients?|customers?|public|invit[ée]s|clients|G[äa]ste\w*"
    r"|Besucher\w*|Patienten|Kunden\w*|invitados|visitantes|pacientes|clientes|ospiti"
    r"|visitatori|pazienti|gasten\w*|bezoekers|pati[ëe]nten|klanten|go[śs]ci\w*|pacjent\w*"
    r"|klient\w*|convidados|utentes|visitas|couriers?|delivery drivers|Boten|livreurs"
    r"|repartidores|corrieri|koeriers|kurier\w*|estafetas)\b"
)


# Where such a password is shown: "written on the chalkboard at reception", "viene impresa en
# los carteles", "affiché sur l'ardoise". (A guest network's key sent to one person is still a
# credential: "the guest network was changed, new details: Key: ...".)
_ON_DISPLAY = re.compile(
    r"(?i)\b(?:printed|written on|on the (?:chalk)?board|on the wall|on the menu|displayed"
    r"|posters?|publicly|public|for (?:every|any)one|anyone|tous les clients|affich\w+|ardoise"
    r"|[ée]crit sur|p[úu]blica|impres[oa]|carteles|Aushang|ausgeh[äa]ngt|Tafel|[öo]ffentlich"
    r"|affiss[oa]|espost[oa]|pubblic[oa]|opgehangen|openbaar|wywieszon\w*|publiczn\w*|tablic\w*"
    r"|afixad[oa]|quadro)\b"
)


def shown_to_all(text: str, start: int) -> bool:
    """Whether a door or gate code at `start` is said to be shown to everyone: where it is shown
    and who for ("printed on the sign next to the door for couriers and visitors") within 200
    characters after it, in its sentence."""
    stop = text.find("\n", start)
    after = text[start : min(start + 200, stop if stop >= 0 else len(text))]
    return _ON_DISPLAY.search(after) is not None and _FOR_EVERYONE.search(after) is not None


def for_everyone(text: str, start: int) -> bool:
    """Whether the value at `start` is a guest or public network's password shown to all: a
    wireless word and a word of guests in the 150 characters before it, and where it is shown
    within 300 characters either side."""
    lead = text[max(0, start - 150) : start]
    if _NETWORK.search(lead) is None or _FOR_EVERYONE.search(lead) is None:
        return False
    return _ON_DISPLAY.search(text, max(0, start - 300), start + 300) is not None


_QUOTES = "\"'“”„«»‘’"


def in_a_story(text: str, start: int, end: int) -> bool:
    """Whether a password label or value at [start, end) is quoted from a story, a game or a
    manuscript being discussed ("you've got it as \"Nightjar44\" on p. 217", a prop's note
    reading "Password for the vault – MOONRAKER-7"): a quotation mark on its line within 120
    characters, and a story's words in the 3,000 characters before or 600 after."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    near = text[
        max(line_start, start - 120) : min(line_end if line_end >= 0 else len(text), end + 120)
    ]
    if not any(q in near for q in _QUOTES):
        return False
    return FICTION.search(text, max(0, start - 3000), end + 600) is not None


def bad_example_on_line(text: str, start: int, end: int) -> bool:
    """Whether the line of a label at `start` gives it as a bad example (`BAD_EXAMPLE`), from
    at most 100 characters before it to `end`: "Schlechte Beispiele, die wir sehen: ..."."""
    begin = max(text.rfind("\n", 0, start) + 1, start - 100)
    return BAD_EXAMPLE.search(text, begin, end) is not None


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def looks_like_secret(value: str, *, strict: bool) -> bool:
    """Whether a value after "password:" looks like a real one rather than words or a placeholder.

    strict (natural-language separators like "is"/"to"): needs a digit or symbol plus letters.
    """
    if PLACEHOLDER.match(value) or value in KNOWN_EXAMPLES or len(set(value)) < 3:
        return False
    if _FILLER.search(value):
        return False  # "sk_test_xxxxxxxxxxxxxxxx": a key's prefix and filler to show its form
    if REFERENCE.match(value):
        return False
    has_letter = any(c.isalpha() for c in value)
    has_digit = any(c.isdigit() for c in value)
    if PASSPHRASE.match(value) and len(value) >= 12:
        return has_digit or len(re.split(r"[-_.]", value)) >= 4
    if strict:
        strong_symbol = any(c in "!@#$%^&*?~+=|" for c in value)
        if len(value) < 6 or value.lower().startswith(("http", "www.")):
            return False
        return has_letter and (has_digit or strong_symbol)
    if value.isalpha() and value.islower():
        return len(value) >= 12 and entropy(value) > 3.2  # an ordinary word is not a password
    return len(value) >= 6 or has_digit
