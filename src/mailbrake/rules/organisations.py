"""What makes a number an organisation's rather than a person's: a legal form or register
next to a tax number, a company's registration in the paragraph around a bank account."""

from __future__ import annotations

import re

# An organisation's legal form or register next to a tax number (PL, PT, ES, IT, NL, DE, FR).
BUSINESS = (
    r"sp\. ?z ?o\.? ?o|sp[oó][lł]k\w*|S\.A\.|sp\. ?[jk]\.|KRS|REGON|firma|faktur\w*"
    r"|Lda\.?|Unipessoal|S\.L\.|S\.p\.A\.|S\.r\.l\.|B\.V\.|GmbH|SARL|SAS|VAT|IVA|BTW"
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
