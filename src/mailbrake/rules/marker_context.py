"""Whether a classification word is a marker where it stands: not in a legal footer, a
party's or a story's fun, a title in quotes, a supplier's trade secret, a lifted embargo, a
training on professional secrecy, published inside information, or a policy that explains
the levels of a scheme (`first_marker`, `describes_levels`). The words themselves are in
`markers`; `confidential` makes the findings."""

from __future__ import annotations

import re

from mailbrake.rules.boilerplate import (
    BENIGN,
    DISCLAIMER,
    EMBARGO_WORD,
    FICTION,
    INSIDE_WORD,
    PLAYFUL,
    PUBLISHED_INSIDE,
    SECRET_KIND,
    says_embargo_over,
)

# The names of a profession's duty of secrecy: a marker when they cover the text ("couvert par
# le secret professionnel") or stand as its label in capitals, not as a topic ("une formation
# sur le secret professionnel du notaire").
_DUTY = re.compile(
    r"(?i)secret professionnel|secreto profesional|segreto professionale|sigilo profissional"
    r"|segredo profissional|tajemnic[aąy] zawodow\w+|geheimhoudingsplicht|verschoningsrecht"
    r"|segredo de justi[çc]a|secreto de sumario|secret de l['’]instruction|segreto istruttorio"
)
_COVERS = re.compile(
    r"(?i)(?:couvert|soumis|prot[ée]g[ée]|sceau|rel[èe]ve|sous|amparad|cubiert|sujet|sujeto"
    r"|copert|soggett|protett|tutelat|abrangid|sujeit|protegid|obj[ęe]t|chronion|valt onder"
    r"|vallen onder|onder de|unterliegt|unterliegen|f[äa]llt unter|op grond van|vanwege)"
    r"\w*[ \t]+(?:\w+[ \t]+){0,3}$|[(\[][ \t]*$"
)


def _covered(text: str, begin: int, match: re.Match[str], stop: int) -> bool:
    """Whether the text says it is covered by the duty; not "your record is protected by
    professional secrecy", a promise of how the reader's own data are kept."""
    if match.group().isupper():
        return True
    if _YOURS.search(text, begin, stop):
        return False
    return _COVERS.search(text, begin, match.start()) is not None


# The reader's own ("tu historia clínica", "your record", "vos données").
_YOURS = re.compile(
    r"(?i)\b(?:your|tu|tus|vuestr[oa]s?|votre|vos|Ihr\w*|dein\w*|uw|jouw|tu[oa]|tuoi|vostr\w"
    r"|twoj\w*|wasz\w*|seu|sua|seus|suas|teu|tua|o seu|a sua)\b"
)


# How far around a "secret" marker's sentence a party or a surprise makes it fun (its lead
# sentence, a heading above it), and how far before it a story or a book club is told of.
_PLAYFUL_BEFORE, _PLAYFUL_AFTER, _FICTION_BEFORE = 300, 200, 3000


def first_marker(
    pattern: re.Pattern[str],
    text: str,
    start: int,
    footer: bool = True,
    fiction: bool = True,
) -> re.Match[str] | None:
    """The first match from `start` whose sentence is not boilerplate (only the first makes a
    finding). `footer`: whether the text may hold a legal footer (see `in_disclaimer`);
    `fiction`: whether it may tell a story (the prefilter says; if not, none is looked for)."""
    for match in pattern.finditer(text, start):
        begin = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
        stop_candidates = [
            i for i in (text.find(".", match.end()), text.find("\n", match.end())) if i >= 0
        ]
        stop = min(stop_candidates) if stop_candidates else len(text)
        if BENIGN.search(text[begin:stop]) or (footer and in_disclaimer(text, begin, stop)):
            continue
        if (
            SECRET_KIND.search(match.group()) or _in_passing(text, begin, match)
        ) and PLAYFUL.search(text, max(0, begin - _PLAYFUL_BEFORE), stop + _PLAYFUL_AFTER):
            continue  # "TOP SECRET: the chilli recipe is back at Friday's party"
        if INSIDE_WORD.search(match.group()) and PUBLISHED_INSIDE.search(
            text, max(0, match.start() - _PLAYFUL_BEFORE), match.end() + _PLAYFUL_BEFORE
        ):
            continue  # "Informação privilegiada nos termos do art. 17.º do Regulamento 596/2014"
        if fiction and FICTION.search(text, max(0, begin - _FICTION_BEFORE), stop + _PLAYFUL_AFTER):
            continue  # a story's stamp: "Il timbro rosso diceva RISERVATISSIMO"
        if _quoted_bait(text, match):
            continue  # a phishing mail's subject quoted as a warning: “CONFIDENTIAL: salary ...”
        if _a_title(text, match):
            continue  # a book's or a film's title: son dernier roman, « Confidentiel défense »
        if _A_MENTION.search(text, max(0, match.start() - 60), match.start()):
            continue  # "typing CONFIDENTIAL on a timetable", "i timbri originali «SEGRETO»"
        booked = _A_BOOKING_BEFORE.search(text, begin, match.start())
        if booked or _A_BOOKING.match(text, match.end()):
            continue  # "RISERVATO: i vostri 20 posti": seats reserved, not a classification
        if _A_SUPPLIERS.match(text, match.end()):
            continue  # "la composición exacta es secreto comercial del fabricante"
        if EMBARGO_WORD.search(match.group()) and says_embargo_over(text):
            continue  # "EMBARGOED UNTIL 07:00" over a release whose embargo has lifted
        if _DUTY.fullmatch(match.group()) and not _covered(text, begin, match, stop):
            continue  # a training on professional secrecy, not a text covered by it
        return match
    return None


# The word named, not applied: typed or written by somebody, a stamp's or a template footer's
# words ("If you find yourself typing CONFIDENTIAL at the top of a timetable", "la pieczątka
# „POUFNE” na zwykłej notatce", "in der Fußzeile „VERTRAULICH – nur intern“").
_A_MENTION = re.compile(
    r"(?i)\b(?:typ(?:e|es|ing)|writ(?:e|es|ing)|the (?:word|words|label|banner|stamp|heading)"
    r"|pieczątk\w+|piecz[ęe]ci?|Stempel\w*|tampons?|sellos?|timbr[oi]|carimbos?|stempels?"
    r"|das Wort|le mot|la palabra|la parola|het woord|s[łl]owo|a palavra|dicitura|la mention"
    r"|diciture|wordings?|words like|buste|envelopes?|Umschl[äa]g\w*|enveloppes?|sobres?"
    r"|koperta?|koperty|leyendas?|Vermerke?|vermeldingen|napisy?|dizeres"
    r"|la leyenda|den Vermerk|de vermelding|Fu[ßs]zeile|Kopfzeile|footer|pied de page|en-t[êe]te"
    r"|pie de p[áa]gina|pi[èe] di pagina|voettekst|koptekst|stopce|stopka|rodap[ée]|cabe[çc]alho)"
    r"\s+(?:\w+\s+){0,2}[„“\"'«‘]?\s*$"
    # the next of a list of quoted words: «RISERVATA», «RISERVATA PERSONALE» o «SEGRETO»
    r"|[»”\"'’]\s*(?:,|or|o|ou|oder|of|lub|y|e|et|und|en|i)\s*[„“\"'«‘]\s*$"
)


# A booking: "reserved" of seats or a table, the word of a box office, not a classification.
_PLACES = (
    r"(?:posti|posto|seats?|places?|plazas?|asientos?|Pl[äa]tze|plaatsen|miejsc\w*|lugares"
    r"|parcheggi\w*|parking spaces|Parkpl[äa]tze?)\b"
)
# (yours, and a number of them: "RISERVATO: 20 posti in meno" is a plan's jobs, no booking)
_A_BOOKING = re.compile(
    rf"(?i)\W{{0,3}}(?:your|i vostri|le vostre|vos|sus|Ihre|jullie|uw|wasze|os vossos|tus) \d+"
    rf" {_PLACES}"
)
_A_BOOKING_BEFORE = re.compile(rf"(?i)\b\d+ {_PLACES}[^.\n]{{0,20}}$")


# A secret said to be a maker's or a supplier's, right after the marker: why a question cannot
# be answered ("the exact formula is a trade secret of the manufacturer"), not ours given away.
_A_SUPPLIERS = re.compile(
    r"(?i)\s*(?:of (?:the|our) (?:manufacturer|supplier|maker|vendor)|del (?:fabricante|proveedor"
    r"|produttore|fornitore)|des (?:Herstellers|Lieferanten)|du (?:fabricant|fournisseur)"
    r"|van de (?:fabrikant|leverancier)|(?:producenta|dostawcy)|do (?:fabricante|fornecedor))\b"
)


_OPENING_QUOTE = re.compile(r"[«“„\"'‘‹][ \t\u00a0]*$")
_CLOSING_QUOTE = re.compile(r"[ \t\u00a0]*[^\W\d_ ]{0,30}[ \t\u00a0]*[»”“\"'’›]")


# 'marked "Strictly confidential"': the label a document bears, quoted.
_MARKED = re.compile(
    r"(?i)\b(?:marked|labell?ed|stamped|classified|headed|gekennzeichnet|markiert|marqu[ée]e?s?"
    r"|marcad[oa]s?|contrassegnat[oa]|gemarkeerd|oznaczon\w*|classificad[oa]|classifi[ée]e?)"
    r"\W{0,5}(?:as\W{0,3}|als\W{0,3}|comme\W{0,3}|como\W{0,3}|come\W{0,3}|jako\W{0,3})?$"
)


# A warning about phishing or fraud: the bait it quotes is an example, not a label of ours.
_SCAM_WARNING = re.compile(
    r"(?i)\b(?:phishing|scam|fraudulent|fraudsters?|never ask (?:you )?(?:for|to)"
    r"|nunca (?:te |le )?(?:pediremos|pedimos|pedir[áa])|niemals (?:nach|Ihr|Ihre)|Betr[üu]ger\w*"
    r"|arnaque|escroqu\w+"
    r"|ne (?:vous )?demanderons jamais|estafa|truffa|non (?:vi |ti )?chiederemo mai|oplichting"
    r"|nooit (?:om|naar)|oszust\w*|wy[łl]udzeni\w*|nigdy nie (?:prosimy|poprosimy)|burla"
    r"|nunca (?:lhe )?pediremos)\b"
)
# An opening quote earlier on the line and no closing one between it and the marker.
_OPEN_QUOTE_ON_LINE = re.compile(r"[«“„\"‘][^«»“”„\"‘’\n]*$")


def _quoted_bait(text: str, match: re.Match[str]) -> bool:
    """Whether the marker is inside a quotation in a warning about phishing or fraud."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    if not _OPEN_QUOTE_ON_LINE.search(text, line_start, match.start()):
        return False
    return _SCAM_WARNING.search(text, max(0, match.start() - 1500), match.end() + 1500) is not None


def _a_title(text: str, match: re.Match[str]) -> bool:
    """Whether the marker opens a title in quotes ("« Confidentiel défense »", "'Top Secret
    Recipes'"), not a label: written in quotes and not in capitals."""
    word = match.group().strip()
    if word.isupper():
        return False  # 'marked "CONFIDENTIAL"' names the label it bears
    before = text[max(0, match.start() - 3) : match.start()]
    if not (_OPENING_QUOTE.search(before) and _CLOSING_QUOTE.match(text, match.end())):
        return False
    return not _MARKED.search(text, max(0, match.start() - 30), match.start())


def _in_passing(text: str, begin: int, match: re.Match[str]) -> bool:
    """Whether a marker is said in passing, in lower case inside its sentence ("houd het
    vertrouwelijk", "traktujemy jako ściśle poufne"), not a label or a heading: beside a
    Secret Santa's draw or a recipe it is the game's, as "secret" is."""
    word = match.group().strip()
    return word.islower() and text[begin : match.start()].strip() != ""


# The levels of a classification scheme, as a policy that explains them lists them.
_LEVEL_WORDS = (
    r"PUBLIC|INTERNAL|CONFIDENTIAL|RESTRICTED|SECRET|STRICTLY CONFIDENTIAL|[ÖO]FFENTLICH"
    r"|OFFICIAL|OFFICIAL-SENSITIVE|TOP SECRET|UNCLASSIFIED|HIGHLY CONFIDENTIAL|SENSITIVE"
    r"|INTERN|VERTRAULICH|STRENG VERTRAULICH|GEHEIM|INTERNE|CONFIDENTIEL|SECRET|PUBLICO|P[ÚU]BLICO"
    r"|INTERNO|CONFIDENCIAL|RESTRINGIDO|PUBBLICO|RISERVATO|CONFIDENZIALE|RISTRETTO|OPENBAAR"
    r"|INTERN|VERTROUWELIJK|GEHEIM|PUBLICZNE|WEWN[ĘE]TRZNE|POUFNE|TAJNE|RESTRITO|SIGILOSO"
    r"|ZASTRZE[ŻZ]ONE|[ŚS]CI[ŚS]LE TAJNE"
)
_LEVEL_NAME = re.compile(rf"\b(?:{_LEVEL_WORDS})\b")
# A level's name in quotes, in any case: „zastrzeżone”, „poufne”, „tajne” i „ściśle tajne”.
_LEVEL_QUOTED = re.compile(
    rf"[„“\"'«‘][ \t]?((?i:{_LEVEL_WORDS}))[ \t]?"
    r"[”“\"'»’]"
)
_SCHEME = re.compile(
    r"(?i)\b(?:classification|classif\w+|klassifizierung|einstufung|clasificaci[óo]n"
    r"|classifica(?:zione)?|classificatie|klasyfikacj\w+|marked|marking|marquage|marqu[ée]s?"
    r"|gekennzeichnet|kennzeichnung|etiquetad\w+|contrassegnat\w+|gemarkeerd|oznaczon\w+"
    r"|levels?|niveaux?|Stufen?|niveles?|livell[io]|niveaus?|poziom\w*|n[íi]veis"
    r"|labels?|[ée]tiquettes?|etiquetas?|etichett[ae]|etykiet\w*|r[óo]tulos?|Label"
    r"|klauzul\w*|banners?)\b"
)


# The same levels as a label's words in title case ("a label: Openbaar, Intern, Vertrouwelijk
# of Strikt vertrouwelijk").
_LEVEL_TITLE = re.compile(
    r"\b(?:Public|Internal|Confidential|Restricted|Secret|Strictly confidential|[ÖO]ffentlich"
    r"|Intern|Vertraulich|Streng vertraulich|Interne|Confidentiel|P[úu]blico|Interno|Confidencial"
    r"|Pubblico|Riservato|Openbaar|Vertrouwelijk|Strikt vertrouwelijk|Publiczne|Wewn[ęe]trzne"
    r"|Poufne)\b"
)


def describes_levels(text: str) -> bool:
    """Whether the text explains a classification scheme (three or more of its levels named,
    and words of classifying or marking): it names the markers, it does not carry one."""
    levels = {m.group().upper() for m in _LEVEL_NAME.finditer(text)}
    levels |= {m.group().upper() for m in _LEVEL_TITLE.finditer(text)}
    levels |= {m.group(1).upper() for m in _LEVEL_QUOTED.finditer(text)}
    return len(levels) >= 3 and _SCHEME.search(text) is not None


def in_disclaimer(text: str, start: int, end: int) -> bool:
    """Whether [start, end) sits in a paragraph (at most ~600 characters either way) that
    reads as an e-mail's legal footer."""
    begin = max(text.rfind("\n\n", max(0, start - 600), start), start - 600, 0)
    stop = text.find("\n\n", end, end + 600)
    return DISCLAIMER.search(text, begin, stop if stop >= 0 else end + 600) is not None
