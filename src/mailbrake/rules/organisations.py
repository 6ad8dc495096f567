"""What makes a number an organisation's rather than a person's: a legal form or register
next to a tax number, a company's registration in the paragraph around a bank account, or an
organisation named as the account's holder just before it (an invoice's payment details)."""

from __future__ import annotations

import re
from itertools import pairwise

from mailbrake.models import Location
from mailbrake.rules.context import column_name, line_at
from mailbrake.rules.names import full_names

# An organisation's legal form or register next to a tax number (PL, PT, ES, IT, NL, DE, FR).
BUSINESS = (
    r"sp\. ?z ?o\.? ?o|sp[oó][lł]k\w*|S\.A\.|sp\. ?[jk]\.|KRS|REGON|firma|faktur\w*"
    r"|Lda\.?|Unipessoal|S\.L\.|S\.p\.A\.|S\.r\.l\.|B\.V\.|GmbH|SARL|SAS|VAT|IVA|BTW"
    # "nasze biuro: NIP ...", an office's (a firm's) number
    r"|nasz\w* biur\w*"
)


# An organisation's registration, as a company's footer gives it next to its bank account:
# an IBAN in the same paragraph is the company's, not a person's.
REGISTERED = re.compile(
    r"(?i)\b(?:registered in|registered office|company (?:no|number|reg)|VAT (?:reg|no|number)"
    r"|Handelsregister|Amtsgericht|HR[AB] \d|USt-?Id\w*|Gesch[äa]ftsf[üu]hr\w+|RCS|SIRE[NT]"
    r"|TVA intracommunautaire|capital (?:social )?de|KvK|Kamer van Koophandel|btw-?(?:nr|nummer)"
    r"|CIF|Registro Mercantil|REA|P\.? ?IVA|partita IVA|capitale sociale|KRS|REGON"
    r"|kapita[łl] zak[łl]adowy|NIPC|capital social|Conservat[óo]ria do Registo)\b"
)


def in_company_footer(text: str, start: int, end: int) -> bool:
    """Whether [start, end) sits in a paragraph that gives an organisation's registration."""
    begin = text.rfind("\n\n", 0, start)
    stop = text.find("\n\n", end)
    return REGISTERED.search(text, max(begin, 0), stop if stop >= 0 else len(text)) is not None


# A company's legal form, as its name ends ("Harrow Keane Engineering Ltd", "LabQuímica, S.A.").
LEGAL_FORM = re.compile(
    r"\b(?:Ltd|Limited|plc|PLC|LLP|LLC|Inc|GmbH|AG|KG|SE|e\.V|SARL|SAS|SASU|EURL|S\.A|SA"
    r"|S\.L|S\.L\.U|SL|S\.p\.A|SpA|S\.r\.l|Srl|B\.V|BV|N\.V|NV|Lda|Ltda|[Ss]p\. ?z ?o\.? ?o"
    r"|Sp\. ?k|S\.C|s\.c|UG|OHG|GbR|eG|V\.O\.F|VOF|SNC|SCI|EIRELI|CIC|S\.n\.c|S\.a\.s|s\.s"
    r"|Soc\. ?Agr|S\. ?Coop|SELARL|SELAS|SELAFA|SELURL|SCP|SCM|SCOP|GIE|ASBL|VZW|e\.K|PartG"
    # a UK charitable incorporated organisation (CIO, SCIO), a Portuguese municipal company
    r"|S?CIO|E\.M"
    # Italian associations and sports clubs (ASD Polisportiva ..., ... APS, ... ONLUS)
    r"|ASD|SSD|APS|ONLUS|ODV|ETS|s\.r\.l|s\.p\.a|s\.a\.s|s\.n\.c)(?:\.|\b)"
)
# An association, a club or a foundation, as its name says ("Wendover Rowing Club",
# "Volkstuinvereniging De Groene Vlinder", "Stichting Vrienden van ..."): it holds accounts too.
_ASSOCIATION_WORDS = (
    r"[\w-]*verein(?:igung)?|[\w-]*vereniging|stichting|club|society|association|trust"
    r"|foundation|charity|asociaci[óo]n|associazione|stowarzyszenie|associa[çc][ãa]o|fundacja"
    r"|funda[çc][ãa]o|fundaci[óo]n|fondazione|genossenschaft|cooperativ[ae]|co-?op"
    r"|sp[óo][łl]dzielni\w*|co[öo]peratie"
    # a school's fund or its parents' association (PTA, AMPA, APE, OCCE)
    r"|coop[ée]rative|school|academy|PTA|PTO|AMPA|AFA|APE|OCCE|F[öo]rderverein"
    r"|[ée]cole|Schule|escuela|colegio|scuola|szko[łl]a|escola|parish|paroisse|parroquia"
    r"|parrocchia|parafi[ai]"
    # the owners of a building ("Condominio Via dei Mille 42", "VvE", "wspólnota mieszkaniowa")
    r"|condomin(?:io|ium)|condom[íi]nio|copropri[ée]t[ée]|comunidad de propietarios|VvE"
    r"|Eigent[üu]mergemeinschaft|WEG|wsp[óo]lnot\w* mieszkaniow\w*|strata"
    # a federation or a union of clubs ("Wielerbond Oost", "Landesverband", "Fédération ...")
    r"|[\w-]*bond|[\w-]*verband|federation|federatie|f[ée]d[ée]ration|federaci[óo]n|federazione"
    r"|federacj\w*|federa[çc][ãa]o|zwi[ąa]zek"
    # a scout group ("Scouting Kompas Deventer", "Pfadfinderstamm ...", "Grupo de Escoteiros")
    r"|scouting|scouts?|pfadfinder\w*|escoteiros|harcer\w*|scoutisme|guides de France"
    # a pension fund ("Civic Service Pension Fund – Contributions Account")
    r"|(?:pension|provident|retirement) fund|Pensionskasse|Pensionsfonds|caisse de retraite"
    r"|fondo (?:pensione|de pensiones)|pensioenfonds|fundusz emerytalny|fundo de pens[õo]es"
    # a council, a town hall's office, a nursery, a sports club by its initials
    r"|council|mairie|r[ée]gie|ayuntamiento|comune|gemeente|gmina|urz[ąa]d|c[âa]mara municipal"
    r"|junta de freguesia|przedszkol\w*|kindergarten|Kita|cr[èe]che|guarder[íi]a|asilo nido"
    r"|scuola dell['’]infanzia|kinderopvang|infant[áa]rio|klub\w*|clube|AFC|FC|CD|SC|SV|KS|CF"
    r"|vv|rkvv|grupo desportivo|desportiv[oa]|deportiv[oa]|Sportverein|sports club"
    # a practice, a notary's office, a theatre, a food bank
    r"|\w*praxis|practice|cabinet|studio (?:notarile|legale|medico|dentistico|associato)"
    r"|notari\w*|kancelari\w*|consult[óo]rio|cl[íi]nic\w*|teatro|theatre|theater|th[ée][âa]tre"
    r"|teatr|banque alimentaire|food ?bank|Tafel|banco de alimentos|banco alimentare|voedselbank"
    r"|bank [żz]ywno[śs]ci"
    # a public body's till: "die IBAN der Stadtkasse", "la trésorerie municipale"
    r"|\w*kasse|Stadt\w*|Gemeinde\w*|Landkreis\w*|tr[ée]sorerie|tesorer[íi]a|tesouraria"
    # a university or a college ("Akademia Wiślańska" over its account)
    r"|akademi\w*|academia|Akademie|acad[ée]mie|accademia|academie|uczelni\w*|universit\w*"
    r"|Universit[äa]t|universidad|universiteit|uniwersytet\w*|universidade|Hochschule|college"
    r"|faculdade|hogeschool|politechnik\w*"
    # a church, a parish, a foundation ("Kath. Kirchenstiftung St. Ulrich", "conta da Paróquia")
    r"|\w*stiftung|Pfarrei|Kirchengemeinde|par[óo]quia|parochie|igreja|church|[ée]glise|iglesia"
    r"|chiesa|kerk|ko[śs]ci[oó][łl]|dioc[eè]s[ea]|Di[öo]zese|di[óo]cesis|diocesi|bisdom"
    r"|diecezj\w+"
)
ASSOCIATION = re.compile(rf"(?i)\b(?:{_ASSOCIATION_WORDS})\b")
# An account said to be an organisation's just before its number: "Die richtige IBAN der
# Stadtkasse lautet DE84 ...", "l'IBAN de l'association : FR76 ...".
_ACCOUNT_OF = re.compile(
    r"(?i)\b(?:IBAN|account|Konto\w*|compte|cuenta|conto|rekening|rachun\w*|conta"
    r"|Bankverbindung)\s+(?:der|des|of(?: the)?|du|de(?: la| l['’])?|del(?:la|lo)?|van(?: de| het)?"
    rf"|do|da)\s*(?:\w+\.?\s+){{0,2}}\b(?:{_ASSOCIATION_WORDS})\b"
)
# The holder in brackets after the number, ending with its legal form ("(Tejo Consultores, Lda.)").
_HOLDER_IN_BRACKETS = re.compile(rf"\([^()\n]*(?:{LEGAL_FORM.pattern})[ \t]*\)")
# The holder named right after the number: "NL36 INGB 0657 2139 48 ten name van Gemeente X".
_IN_THE_NAME_OF = re.compile(
    r"(?i)\b(?:ten name van|t\.n\.v\.|in the name of|au nom de|a nombre de|intestato a"
    r"|na rzecz|em nome de|zugunsten|lautend auf)[ \t]+([^\n.,;]{2,80})"
)
# "Our bank details:", as a business gives its own account to be paid.
OUR_ACCOUNT = re.compile(
    r"(?i)\b(?:our|unsere|nos|nuestr[oa]s?|[il] nostr[ie]|le nostre|onze|nasze|os nossos|as nossas)"
    r" (?:bank(?:ing)? details|account details|bank account|account|sort code|IBAN"
    r"|account number|Kontonummer|num[ée]ro de compte|n[úu]mero de cuenta|numero di conto"
    r"|rekeningnummer|numer rachunku|n[úu]mero de conta|NIB|Konto|compte|cuenta|conto"
    r"|rekening|konto|conta|Bankverbindung|Kontoverbindung"
    r"|coordonn[ée]es bancaires|RIB|datos bancarios|cuenta bancaria|dati bancari"
    r"|coordinate bancarie|bankgegevens|rekeninggegevens|dane do przelewu|konto bankowe"
    r"|dados banc[áa]rios|conta banc[áa]ria)\b"
    # the club's, the association's or the school's own account
    r"|(?i:\b(?:the )?(?:club|society|association|school|charity|practice|firm|company)['’]s"
    r" (?:bank )?account|\b(?:account|Konto|compte|cuenta|conto|rekening|konto|conta)"
    r" (?:of the|du|de la|de l['’]|del|della|dell['’]|van de|des|do|da) ?(?:club|association"
    r"|coop[ée]rative|cooperativa|AMPA|AFA|APE|PTA|fund|Schule|F[öo]rdervereins"
    r"|soci[ée]t[ée]|societ[àa]|society|school|[ée]cole|escuela|scuola|vereniging|Vereins|clube"
    r"|associa[çc][ãa]o|asociaci[óo]n|associazione|stichting|fundaci[óo]n|fondazione|fundacji"
    r"|stowarzyszenia|klubu|szko[łl]y|col[ée]gio|colegio|collège|lyc[ée]e)\b"
    r"|\b(?:club|society|association|school|charity)(?: bank| current)? account"
    r"|\brachun\w* (?:teatru|klubu|szko[łl]y|fundacji|stowarzyszenia|parafii|biura|firmy"
    r"|sp[óo][łl]ki|muzeum|przedszkola|kina)"
    r"|\b(?:Vereinskonto|clubrekening|verenigingsrekening"
    r"|konto (?:klubu|stowarzyszenia|szko[łl]y)))"
)

# A row of a table as text holds it: cells apart by a tab or a pipe, or by commas or semicolons
# with no space after them (a CSV line; prose puts a space after its commas).
_TABLE_ROW = re.compile(r"\t|\s\|\s|[,;](?=\S)[^\n]*[,;](?=\S)")
_PAYEE = re.compile(
    r"(?i)\b(?:pay(?:able)? to|payee|beneficiary|account (?:holder|name)|Zahlungsempf[äa]nger"
    r"|Empf[äa]nger|Kontoinhaber|b[ée]n[ée]ficiaire|titulaire|titular|beneficiario|intestatario"
    r"|begunstigde|rekeninghouder|odbiorca|posiadacz rachunku|benefici[áa]rio|raz[ãa]o social"
    r"|t\.n\.v|ten name van|intestat[oa] a|a nome di|bonifico a)\b"
)


# A line that starts with an organisation's name, as a payment block starts ("Dalton Motors
# Ltd", "Helixa Therapeutics Ltd, Barclays Bank, Cambridge"), or with a public body's
# ("Urząd Miasta Lesnowo", "Stadt Köln", "Borough Council of ...").
_COMPANY_LINE = re.compile(
    rf"[ \t]*[^\W\d][\w&.'’ -]{{1,60}}?[ ,]+(?:{LEGAL_FORM.pattern})[ \t]*(?:$|,)"
    r"|[ \t]*[^\W\d][\w&.'’ -]{0,60}?(?i:club|society|association|vereniging|verein)[ \t]*(?:$|,)"
    r"|(?i:[ \t]*(?:stichting|vereniging|asociaci[óo]n|associazione|stowarzyszenie"
    r"|associa[çc][ãa]o|fundacja|funda[çc][ãa]o|fundaci[óo]n|fondazione|scouting|scouts"
    r"|pfadfinder\w*|wsp[óo]lnota mieszkaniowa|comunidad de propietarios|condominio|VvE"
    r"|sp[óo][łl]dzielnia) )"
    r"|(?i:[ \t]*(?:urz[ąa]d (?:miasta|gminy|skarbowy)|gmina|starostwo|stadt|gemeinde"
    r"|landratsamt|finanzamt|bezirksamt|gemeente|comune di|ayuntamiento|mairie|ville de"
    r"|tr[ée]sor public|c[âa]mara municipal|junta de freguesia|municipality of"
    r"|(?:[\w-]+ )?(?:city|county|borough|district|town|parish) council)\b)"
)
# A line that ends by saying who is paid, with the payee on the next line ("Payment to:",
# "Please pay by bank transfer to:").
_PAY_TO_END = re.compile(
    r"(?i)(?:\bpay(?:ment)?s?\b[^\n]{0,30}\bto|remit(?:tance)? to|payee|beneficiary"
    r"|zahlbar an|[àa] l'ordre de|a favor de|a favore di|t\.?a\.?v\.?|na rzecz|na konto"
    r"|overmaken (?:naar|op)|over te maken (?:naar|op)|storten op|bonifico(?: bancario)?(?: a)?"
    r"|transferencia a"
    r"|przelew\w* na|na rachunek|transfer[êe]ncia para|virement (?:[àa]|sur)|[ÜU]berweisung an"
    r"|rather than bringing cash)"
    r"[ \t]*:?[ \t]*$"
)


# An invoice, by its number's label, in each language: the account it gives is the issuer's.
_INVOICE = re.compile(
    r"(?i)\b(?:invoice (?:no|number|nr|#)|tax invoice|faktura(?: VAT)?(?: nr| numer)"
    r"|factuur ?(?:nummer|nr)|rechnung(?:snummer|s-nr| nr| no)|facture n[°o]"
    r"|fattura(?: elettronica)? n|factura n|fatura n|nota fiscal"
    # a Polish VAT invoice's number ("FV/0612/2025"), a Portuguese one ("FT 2024/1893")
    r"|(?-i:\bFV)[/ -]?\d|(?-i:\bF[TR]) ?\d{4}/\d"
    # the label as a sheet's or a CSV's cell, the number in the next: "Factura;FV-2025-0312"
    r"|(?:invoice|factura|facture|fattura|faktura|factuur|fatura|rechnung)[ \t]*[;\t|][ \t]*"
    r"[A-Z]{0,4}[-/ ]?\d)"
)


_TAX_WORD = re.compile(
    r"(?i)\b(?:VAT|NIP|REGON|btw|USt|USt-?Id\w*|TVA|IVA|P\. ?IVA|CIF|NIF|NIPC|CNPJ|SIRE[NT]|KvK"
    r"|Steuer-?Nr|Steuernummer)\b"
)


_IBAN_LIKE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}")


# An attachment named as an invoice ("Fattura_2024_318.csv", "Rechnung-0815.pdf"): its one or two
# accounts are the issuer's, though its cells give no invoice number's label.
_INVOICE_NAME = re.compile(
    r"(?i)(?:^|[^a-z])(?:invoice|factura|facture|fattura|faktura|factuur|fatura|rechnung"
    # a quote carries the supplier's own bank details too
    r"|quot(?:e|ation)|offerte|angebot|devis|presupuesto|preventivo|or[çc]amento|oferta"
    r"|(?-i:F[VTR]|INV)[_-]?\d)"
)


def invoice_named(location: Location) -> bool:
    """Whether the text is an attachment whose file name (or sheet) says it is an invoice."""
    if location.part != "attachment":
        return False
    return any(_INVOICE_NAME.search(name) for name in (location.name, location.detail))


def _an_invoice(text: str) -> bool:
    """Whether the text is an invoice: its number's label and a tax number or VAT line, and
    an invoice's one or two accounts, not a list of people's (no invoice label makes a sheet
    of many accounts the issuer's)."""
    if _INVOICE.search(text) is None or _TAX_WORD.search(text) is None:
        return False
    return len(_IBAN_LIKE.findall(text)) <= 2


def held_by_organisation(text: str, start: int) -> bool:
    """Whether an account number at `start` is given as an organisation's: an organisation's
    legal form on its line or the line before (within 160 characters), "our bank details" in
    the 300 characters before it, or a payee line naming an organisation ("Account name: Acme
    Ltd") near it, in the same paragraph; in a table's row, only a payee cell counts."""
    line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if _an_invoice(text):
        return True  # an invoice's own payment details, in its body or its sheet
    if _TABLE_ROW.search(line) and _in_table(text, line_start, line_end):
        # A table's row is a record, maybe a person's with their employer beside; only an
        # invoice's "Pay to | Acme Ltd | IBAN | ..." row names the organisation as the payee.
        if _PAYEE.search(line) and _names_organisation(line):
            return True
        if _names_organisation(line) and _PAYMENT_COLUMN.search(column_name(text, start)):
            return True  # "... | Termoidraulica Bonetti s.n.c. – IBAN IT49 ..." under "Payment"
        # A sheet of labels and values ("Beneficiario | Acme s.r.l.", then "IBAN | ..."): a
        # form, not records; its payee row names whose the account is.
        above = text[max(0, line_start - 300) : line_start].split("\n")[-4:]
        return _two_cells(line) and any(
            _two_cells(r) and _PAYEE.search(r) and _names_organisation(r) for r in above
        )
    paragraph = text.rfind("\n\n", 0, start) + 1
    lead = text[:paragraph].rstrip()
    if lead.endswith(":"):  # "... by transfer to the club's account:", a blank line, the block
        paragraph = text.rfind("\n\n", 0, len(lead)) + 1
    lines = text.rfind("\n", 0, text.rfind("\n", 0, start)) + 1  # this line and the one before
    if LEGAL_FORM.search(text, max(paragraph, lines, start - 160), start):
        return True
    # "IBAN PT50 ... (Tejo Consultores, Lda.)": the holder named after it on its line
    after = text[start : line_end if line_end >= 0 else len(text)][:120]
    if _HOLDER_IN_BRACKETS.search(after):
        return True
    named = _IN_THE_NAME_OF.search(after)
    if named and (_names_organisation(named.group(1)) or _COMPANY_LINE.match(named.group(1))):
        return True  # "NL36 INGB ... ten name van Gemeente Oosterdijk"
    if OUR_ACCOUNT.search(text, max(paragraph, start - 300), start):
        return True
    if _ACCOUNT_OF.search(text, max(paragraph, start - 300), start):
        return True  # "die richtige IBAN der Stadtkasse lautet ..."
    lead = re.sub(
        r"(?i)[\s,–—:-]*(?:IBAN|account|Konto|compte|cuenta|conto|rekening|conta)?[\s:]*$",
        "",
        text[line_start:start],
    )
    if _an_organisations_line(lead):
        return True  # "Studio Notarile Bassani – IBAN IT55 ...": the holder, then its number
    # A payment block: "Account name: Telvora Mobile Ltd" or "Odbiorca: Kartonex Sp. z o.o." a
    # few lines above or below the number, in the same paragraph.
    end = text.find("\n\n", start)
    block = text[max(paragraph, start - 300) : min(end if end >= 0 else len(text), start + 200)]
    rows = block.split("\n")
    if any(_PAY_TO_END.search(a) and _names_organisation(b) for a, b in pairwise(rows)):
        return True
    if any((_PAYEE.search(r) and _names_organisation(r)) or _COMPANY_LINE.match(r) for r in rows):
        return True
    return _block_names_organisation(rows)


# A table's column of payment details: its rows give the payee's own account.
_PAYMENT_COLUMN = re.compile(
    r"(?i)payment|bank details|pay to|Bankverbindung|Zahlung|coordonn[ée]es bancaires|paiement"
    r"|datos bancarios|pago|coordinate (?:per il pagamento|bancarie)|pagamento|betaling"
    r"|bankgegevens|p[łl]atno[śs][ćc]|dane do przelewu|dados banc[áa]rios"
)
# A payment block's frame and a line's label: "║ Odbiorca: Przedszkole Miejskie nr 7 ║",
# "Naar:   Stichting De Speelboom", "Payee: Cleeve Magna Town Council<br>".
_FRAME = re.compile(r"^[\s═║╔╗╚╝─│┌┐└┘|*•>-]*(?:[^\W\d][\w .'’-]{0,24}:)?[\s]*|[\s═║╗╝─│┐┘|]*$")
# A holder line that names a person, not an organisation: "Account holder: Jane Doe".
_HOLDER_LABEL = re.compile(
    r"(?i)^[\s═║|*•-]*(?:account (?:holder|name)|holder|payee|beneficiary|titulaire|Kontoinhaber"
    r"|Empf[äa]nger|titular|beneficiario|intestatario|rekeninghouder|t\.n\.v\.?|odbiorca"
    r"|posiadacz(?: rachunku)?|benefici[áa]rio)\s*:"
)


def _block_names_organisation(rows: list[str]) -> bool:
    """Whether a line of the payment block, its frame and label set aside, names an
    organisation (a school fund, a town council, a foundation), and no holder line names a
    person instead."""
    bare = [_FRAME.sub("", row) for row in rows]
    if any(_HOLDER_LABEL.match(r) and full_names(b) and not _names_organisation(b)
           for r, b in zip(rows, bare, strict=True)):  # fmt: skip
        return False
    return any(_an_organisations_line(b) for b in bare)


def _an_organisations_line(line: str) -> bool:
    """A short line that is an organisation's name ("Stichting De Speelboom Ouderfonds",
    "Cleeve Magna Town Council"), not a sentence that mentions one or the account's own line."""
    if not line or "," in line or len(line.split()) > 8 or _IBAN_LIKE.search(line):
        return False
    return bool(_names_organisation(line) or _COMPANY_LINE.match(line))


# How many different accounts a part may give as an organisation's own: an invoice gives one
# or two; a part with more is a list of accounts, whatever words stand near them.
MOST_OWN_ACCOUNTS = 2


def own_account(text: str, start: int, end: int, listed: bool) -> bool:
    """Whether the account at [start, end) is an organisation's own: in a company's footer or
    given as an organisation's (`held_by_organisation`). In a list of accounts (`listed`: more
    than MOST_OWN_ACCOUNTS in the part), a context word near one of them ("the club's
    account", an invoice's label) covers none of them: only a row naming its organisation on
    its own line, as a supplier remittance does, is exempt."""
    if listed and not names_organisation_on_line(text, start):
        return False
    return in_company_footer(text, start, end) or held_by_organisation(text, start)


def names_organisation_on_line(text: str, start: int) -> bool:
    """Whether the line of the account at `start` names an organisation (a legal form or an
    association's word): a list's row that says whose the account is."""
    return _names_organisation(line_at(text, start))


def _two_cells(line: str) -> bool:
    return line.count("\t") == 1 or line.count(" | ") == 1


def _names_organisation(line: str) -> bool:
    return bool(LEGAL_FORM.search(line) or ASSOCIATION.search(line))


def _in_table(text: str, line_start: int, line_end: int) -> bool:
    """Whether the line is one row of a table: with the line before or after a row too, and
    of two such rows one a header (no digit), or a third row beside them. A payment block's
    "Sort code ... | Account ..." and "IBAN ... | BIC ..." lines are not a table."""
    before, after = _line_before(text, line_start), _line_after(text, line_end)
    if _is_row(before) and _is_row(after):
        return True
    if before is not None and _is_row(before):
        beyond = _line_before(text, line_start - 1 - len(before))
        return not _has_digit(before) or _is_row(beyond)
    if after is not None and _is_row(after):
        beyond = _line_after(text, line_end + 1 + len(after))
        return not _has_digit(after) or _is_row(beyond)
    return False


def _is_row(line: str | None) -> bool:
    return line is not None and _TABLE_ROW.search(line) is not None


def _has_digit(line: str) -> bool:
    return any(c.isdigit() for c in line)


def _line_before(text: str, line_start: int) -> str | None:
    """The line that ends just before the line starting at `line_start`, if any."""
    return line_at(text, line_start - 1) if line_start > 0 else None


def _line_after(text: str, line_end: int) -> str | None:
    """The line that starts just after the line ending at `line_end` (its newline), if any."""
    return line_at(text, line_end + 1) if 0 <= line_end < len(text) - 1 else None
