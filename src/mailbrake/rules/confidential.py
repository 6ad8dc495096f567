"""Confidential material: classification markers, unannounced deals and results, legal matters."""

from __future__ import annotations

import re

from mailbrake.models import Category, Confidence, Finding, Location, TextSegment
from mailbrake.rules.base import Detector, clip, finding, hits_within, start_of
from mailbrake.rules.boilerplate import (
    DISCLAIMER,
    FICTION,
    PUBLIC_DEAL,
    REPORTED,
    blank_form,
    lesson_material,
)
from mailbrake.rules.context import loosened, window
from mailbrake.rules.marker_context import describes_levels, first_marker, in_disclaimer
from mailbrake.rules.markers import LABEL, LABEL_MORE, LEVEL_LABEL, STRONG, STRONG_MORE

NAME = "confidential"
_PROBE_LOCATION = Location("probe")

_MARKERS = (
    ("confidential.strong", STRONG),
    ("confidential.strong_more", STRONG_MORE),
    ("confidential.label", LABEL),
    ("confidential.label_more", LABEL_MORE),
    ("confidential.level", LEVEL_LABEL),
)
_DEAL = re.compile(
    r"(?i)\b(?:acquisition|acquir(?:e|ing)|merger|merging|takeover|buy(?:ing)? (?:them|the company|out)"  # noqa: E501
    r"|divest\w*|sale of (?:the|our)|selling (?:the|our)|sell the|term sheet|letter of intent|\bLOI\b"  # noqa: E501
    r"|due diligence|enterprise value|offer price|valuation|exclusivity|series [A-F] round|funding round"  # noqa: E501
    # exclusivity and a counter-offer, in the other languages
    r"|exclusivit[ée]|Exklusivit[äa]t|exclusividad|esclusiva|exclusiviteit|wy[łl][ąa]czno[śs][ćc]\w*"
    r"|exclusividade|counter-?offer|counter-?proposal|contre-proposition|Gegenangebot|contraoferta"
    r"|contrapropuesta|controproposta|controfferta|tegenbod|tegenvoorstel|kontroferta"
    r"|kontrpropozycj\w+|contraproposta"
    r"|deal team|signing|rachat|fusion|adquisici[óo]n|fusi[óo]n|[Üü]bernahme|Kauf von|overname|fusie"  # noqa: E501
    r"|acquisizione|fusione|cessione|przej[ęe]ci\w+|fuzj\w+|aquisi[çc][ãa]o|fus[ãa]o|venda d[ae]"
    # signing, and a price for a share of a company, in the other languages
    r"|signature (?:vis[ée]e|pr[ée]vue|du (?:contrat|protocole|SPA))|date de signature"
    r"|Unterzeichnung|firma del contrato|firma dell'accordo|ondertekening|podpisani\w+|assinatura"
    # the price of a purchase, and contracts exchanged on a property
    r"|Kaufpreis|Kaufvertrag|purchase price|koop(?:som|prijs)|prix (?:d['’]achat|de cession)"
    r"|precio de compra|prezzo (?:di|d['’]) ?acquisto|cena (?:zakupu|nabycia)"
    r"|pre[çc]o de (?:compra|aquisi[çc][ãa]o)|exchange (?:contracts|on (?:the|that) (?:land|site"
    r"|property|plot))"
    r"|\d+\s?% (?:du capital|des Kapitals|del capital\w*|do capital|of the (?:shares|capital)"
    r"|van de aandelen|udzia[łl]\w*))"
)
_RESULTS = re.compile(
    r"(?i)\b(?:revenue|EBITDA|earnings|results|figures|guidance|gross margin|profit|cash flow"
    r"|customer loss|price (?:increase|rise|changes?)|will not renew|chiffre d'affaires|Umsatz|ingresos"  # noqa: E501
    r"|like-for-likes?|trading update"
    r"|Gewinn|b[ée]n[ée]fice|beneficio|omzet|winst|fatturato|ricavi|utile|przychod\w*|zysk\w*"
    r"|receita|lucro|fatura[çc][ãa]o|resultados|risultati|wyniki|resultaten|r[ée]sultats)"
)
# Results are financial when a figure is money, a percentage, a period or a multiple: "keep
# this to yourself" beside a school's mock results and a date is no profit warning.
_FINANCIAL_FIGURE = re.compile(
    r"(?i)\d\s?%|%\s?\d|[£$€]\s?\d|\d[\d.,]*\s?(?:k|m|bn|mn|mln|mio|mld|million|billion|Mio|Mrd"
    r"|miljoen|milion\w*|milh[õo]\w*|millones|milioni|millions|EUR|USD|GBP|euros?|z[łl]|PLN)\b"
    r"|\b(?:Q[1-4]|H[12]|FY\s?\d+|quarter|Quartal|trimestre|kwarta\w*|kwartaal|semestre|half-year"
    r"|full-year|year-end|bps|basis points|margin|Marge|marge|margen|margine|mar[żz]\w*)\b"
)
_UNANNOUNCED = re.compile(
    r"(?i)\b(?:not (?:yet )?(?:been )?(?:announced|public|disclosed|published)|(?:hasn't|has not|have not|haven't)"  # noqa: E501
    r" been (?:announced|told|disclosed|made public)|nothing (?:has been|is) (?:announced|public)"
    r"|before (?:the |any )?(?:announcement|results call|earnings call|release)|until (?:the |we )?"
    r"(?:announce|announcement|closing|signing|release|results|the deal)|ahead of the (?:announcement|earnings|results)"  # noqa: E501
    r"|unannounced|undisclosed|unpublished|preliminary|not disclosing|staff don't know|don't know yet"  # noqa: E501
    r"|will not be told|not be told until|no (?:public statement|announcement) until"
    r"|(?:nobody|no one) else knows|(?:personne|nul) (?:d'autre )?n'est au courant"
    r"|niemand (?:anders |sonst )?(?:wei[ßs]|weet)|nadie (?:m[áa]s )?(?:lo )?sabe"
    r"|nessun\w* (?:altro )?(?:lo )?sa\b"
    r"|nikt (?:inny )?(?:o tym )?nie wie|ningu[ée]m (?:mais )?sabe"
    r"|keep (?:this|it|them|these|those|the (?:numbers|figures)) (?:to yourself|to yourselves|quiet"
    r"|under wraps)|to yourself and \w+ until"
    # a deal not yet closed or signed, in each language
    r"|(?:isn't|is not|not yet) (?:closed|signed|done)(?: yet)?|(?:ainda )?n[ãa]o est[áa] fechado"
    r"|a[úu]n no (?:est[áa] )?cerrad[oa]|pas encore (?:sign[ée]|conclu|boucl[ée])"
    r"|noch nicht (?:unterschrieben|abgeschlossen|unter Dach)"
    r"|non (?:[èe] )?ancora (?:chius|firmat)\w"
    r"|nog niet (?:rond|getekend)|jeszcze nie (?:podpisan|zamkni[ęe]t|dopi[ęe]t)\w*"
    r"|(?:don't|do not) (?:mention|share) it outside|please don't share yet|not a word to anyone"
    r"|rien n'a [ée]t[ée] annonc[ée]|pas encore (?:annonc|publi)|no se ha (?:anunciado|hecho p[úu]blico)"  # noqa: E501
    r"|noch nicht (?:angek[üu]ndigt|bekannt|ver[öo]ffentlicht|kommuniziert)"
    r"|nog niet (?:aangekondigd|bekendgemaakt|bekend|openbaar|gecommuniceerd)"
    r"|non (?:ancora|è ancora) (?:annunciat\w|pubblic\w+|stat\w annunciat\w)|prima dell'annuncio"
    r"|(?:jeszcze )?nie (?:zosta[łl][ao]? )?(?:jeszcze )?(?:og[łl]oszon\w+|upublicznion\w+)"
    r"|przed og[łl]oszeniem"
    r"|ainda n[ãa]o (?:foi |foram )?(?:anunciad\w+|divulgad\w+|p[úu]blic\w+)|antes do an[úu]ncio"
    # nobody may know yet; don't spread it; it is not out until a date
    r"|(?:nobody|no one) (?:must|may|can|should) know|nothing(?:'s| has) gone out"
    r"|(?:isn't|is not|won't be|aren't|are not) (?:out|public|announced) until"
    # (an instruction: "ROI calculators don't tell the whole story" is none; "between us" opens
    # gossip more often than a secret)
    r"|(?:please,? |\bso |[.!?:;\n-]\s*)(?:don't|do not) (?:tell|mention|bring (?:it |this )?up"
    r"|spread|talk about)|not a word (?:to|about)"
    r"|darf (?:noch )?niemand wissen|nicht weiter(?:sagen|erz[äa]hlen|geben)"
    r"|behaltet (?:das|es) f[üu]r euch"
    r"|personne ne doit (?:le )?savoir|n['’]en parlez (?:pas|[àa] personne)"
    r"|gardez (?:[çc]a|cela) pour vous"
    r"|nadie (?:debe|puede) saberlo|no lo (?:dig[áa]is|coment[ée]is|cont[ée]is)"
    r"|que no salga de aqu[íi]"
    r"|non deve saperlo nessuno|non (?:ditelo|ne parlate|lo dite) (?:in giro|a nessuno)?"
    r"|niemand mag (?:het|dit) weten|niet (?:door|rond)vertellen|houd (?:het|dit) voor je"
    r"|nikt nie (?:mo[żz]e|powinien) wiedzie[ćc]|nie (?:m[óo]wcie|rozpowiadajcie) (?:nikomu|o tym)"
    r"|ningu[ée]m (?:pode|deve) saber|n[ãa]o (?:digam|comentem|espalhem) (?:nada|isso|a ningu[ée]m)"
    r"|fica entre n[óo]s|(?:please )?nobody mention"
    # not to be known: "M. Dumas ne veut pas que ça se sache", "no quiere que se sepa"
    r"|(?:doesn't|does not|don't|do not) want (?:it|this|that) (?:known|getting out|to get out)"
    r"|(?:veut|voulons|voulez|veulent) pas que (?:[çc]a|cela) se sache|soll (?:noch )?nicht bekannt"
    r"|no quiere(?:n)? que se sepa|non vuole che si sappia|mag niet bekend worden"
    r"|nie chce,? [żz]eby (?:to|si[ęe]) (?:si[ęe] )?(?:rozesz[łl]o|wysz[łl]o)"
    r"|n[ãa]o quer que se saiba"
    # a deal to be signed: "the merger agreement is set to be signed on the 28th"
    r"|(?:set|due|scheduled|expected) to be signed|will be signed|to be signed on"
    r"|wird (?:\S+ ){0,8}unterschrieben|sera sign[ée]e?|ser[áa] firmad[oa]|verr[àa] firmat[oa]"
    r"|wordt (?:\S+ ){0,4}getekend|zostanie podpisan\w+|ser[áa] assinad[oa]"
    r"|(?:on|nous) sign(?:e|ons|era|erons) (?:le|la|l['’])|we sign (?:the|on)"
    # who knows and when the rest will: "only the family knows", "staff will learn after"
    r"|n['’]y a que [^.\n]{0,30} qui (?:est|sont) au courant|l['’]apprendr(?:a|ont) (?:qu['’])?apr[èe]s"  # noqa: E501
    r"|will (?:only )?(?:find out|learn|hear|be told)(?: about it)? (?:after|once) (?:the )?(?:signing"  # noqa: E501
    r"|it(?:'s| is) signed|completion))"
)
# Regulators and inspectorates, by name, in the countries of the eight languages.
_REGULATOR_NAME = (
    r"\b(?:(?:the )?regulator|CQC|Ofsted|FCA|PRA|HSE|ICO|BaFin|Bundesbank|Gewerbeaufsicht|AMF"
    r"|ACPR|URSSAF|inspection du travail|CNMV|Inspecci[óo]n de Trabajo|Banco de Espa[ñn]a"
    r"|Consob|Banca d['’]Italia|Ispettorato|AFM|DNB|KNF|UOKiK|PIP|GIF|Sanepid|ASAE|CMVM"
    r"|Banco de Portugal"
    # the data-protection authorities
    r"|AEPD|Agencia Espa[ñn]ola de Protecci[óo]n de Datos|CNIL|Garante (?:privacy|per la protezione"
    r"|della privacy)|Autoriteit Persoonsgegevens|UODO|CNPD|Datenschutzbeh[öo]rde"
    r"|Datenschutzaufsicht|Landesdatenschutzbeauftragte\w*)\b"
)
# A regulator's or an inspectorate's visit, review or inspection: news of it before it is
# public is confidential ("the CQC are coming to Elm ward on 26 November").
_REGULATOR = re.compile(
    rf"(?i){_REGULATOR_NAME}[^.\n]{{0,80}}\b(?:inspect\w*|visit\w*|review\w*|audit\w*|coming"
    r"|Pr[üu]fung|Kontrolle|contr[ôo]le|inspecci[óo]n|ispezione|controllo|inspectie|kontrol\w*"
    r"|inspe[çc][ãa]o|fiscaliza[çc][ãa]o|redressement)"
    r"|\b(?:inspect\w*|visit|review|audit|ispezione|inspecci[óo]n|contr[ôo]le|Pr[üu]fung"
    r"|inspe[çc][ãa]o|kontrol\w*)\b[^.\n]{0,40}\b(?:by|from|of|de|der|del|della|do|da|przez)"
    r" (?:the )?" + _REGULATOR_NAME
)
_LEGAL = re.compile(
    r"(?i)\b(?:legal hold|litigation hold|(?:document )?preservation notice|(?:received|served with)"  # noqa: E501
    r" (?:a )?subpoena|subpoena from|(?:filed|brought|threatened) (?:a )?(?:claim|suit|lawsuit|complaint)"  # noqa: E501
    r" against us|claim against us|settlement (?:terms|agreement|offer|amount|authority|talks|negotiations)"  # noqa: E501
    r"|settle the (?:claim|case|dispute)|regulator(?:y)? (?:inquiry|investigation|probe)"
    r"|(?:fraud|internal) investigation|referral to law enforcement|regulators have not been notified"  # noqa: E501
    r"|outside counsel|employment tribunal claim|Rechtsstreit mit|Klage gegen uns"
    # a customer's case before an ombudsman (not the standard "you can refer it to ...")
    r"|(?:gone|been referred|escalated|went) to the (?:Financial )?Ombudsman"
    r"|ricorso all['’](?:ABF|Arbitro Bancario)|Arbitro Bancario Finanziario|saisi le m[ée]diateur"
    r"|Schlichtungsverfahren|Beschwerde beim Ombudsmann|klacht (?:bij|ligt bij) (?:het )?Kifid"
    r"|skarg\w+ do Rzecznika Finansowego|reclamaci[óo]n ante el Banco de Espa[ñn]a"
    r"|proc[èe]s contre nous|litige avec|demanda contra nosotros|rechtszaak tegen ons"
    r"|(?:causa|azione legale) contro di noi|pozew przeciwko nam|a[çc][ãa]o (?:judicial )?contra n[óo]s"  # noqa: E501
    r"|schikkingsvoorstel|accordo transattivo|propozycj[aię] ugody|acordo de (?:transa[çc][ãa]o|rescis[ãa]o)"  # noqa: E501
    # A criminal investigation of us, a search or a seizure, an employee's claim in court.
    r"|criminal investigation (?:into|against|of) (?:us|the (?:company|firm|trust|council|board))"
    r"|search warrant|dawn raid|unfair dismissal (?:claim|complaint|case)"
    # an employment claim's papers and the firm's wish to settle it (UK: ET1, COT3, ACAS)
    r"|(?:claiming|alleging) (?:unfair|constructive|wrongful) dismissal|schedule of loss|ET1|COT3"
    r"|(?:sex|race|age|disability|pregnancy) discrimination (?:claim|case|complaint)"
    r"|ACAS early conciliation|settle (?:out of court|before the (?:hearing|trial))"
    r"|(?:rather|prefer to|willing to|want to|try to) settle\b(?! in)"
    r"|seized (?:the |our |all )?(?:documents|files|records|laptops|servers|mailbox)"
    r"|Staatsanwaltschaft (?:hat|ermittelt|f[üu]hrt)|Ermittlungsverfahren|Durchsuchungsbeschluss"
    r"|Hausdurchsuchung|Beschlagnahme|(?:vor dem|beim) Arbeitsgericht|Kündigungsschutzklage"
    r"|G[üu]teverhandlung|Vergleichsvorschlag"
    r"|le parquet a ouvert|enqu[êe]te (?:p[ée]nale|pr[ée]liminaire)|perquisition|mise en examen"
    r"|saisie (?:de|des) (?:documents|dossiers|ordinateurs)|aux prud['’]hommes|protocole transactionnel"  # noqa: E501
    r"|Fiscal[íi]a (?:ha abierto|investiga)|diligencias (?:previas|de investigaci[óo]n)"
    r"|orden de registro|demanda por despido|juzgado de lo social|acto de conciliaci[óo]n|querella"
    r"|Procura della Repubblica|procedimento penale|registro degli indagati|avviso di garanzia"
    r"|perquisizion\w+|sequestro (?:di|della|delle|dei) (?:documenti|documentazione|cartell\w+|computer)"  # noqa: E501
    r"|acquisizione della (?:documentazione|cartella)|(?:ricorso|causa) (?:al|davanti al) giudice del lavoro"  # noqa: E501
    r"|prokuratur\w* (?:wszcz[ęe]\w+|prowadzi)|postanowieni\w+ prokuratur\w+|post[ęe]powani\w+ karn\w+"  # noqa: E501
    r"|[śs]ledztw\w+|przeszukani\w+|[żz][ąa]dani\w+ wydania rzeczy|funkcjonariusz\w* (?:CBA|ABW|policji)"  # noqa: E501
    r"|pozew do s[ąa]du pracy|przed s[ąa]dem pracy"
    r"|strafrechtelijk onderzoek|huiszoeking|inbeslagname|in beslag genomen|bij de kantonrechter"
    # a claim settled or lodged, or withdrawn in return for a settlement
    r"|settle (?:the|their|his|her|its|a|this) (?:claim|case|dispute|lawsuit)"
    r"|(?:lodged|filed|issued) a (?:claim|lawsuit|suit) for"
    r"|withdraw\w* (?:the|their|its) (?:claim|lawsuit)"
    r"|acuerdo extrajudicial|retir\w+ (?:la|su) demanda|retir\w+ (?:sa|la) plainte"
    r"|(?:die|ihre|seine) Klage zur[üu]ck|ritir\w+ (?:la|sua) (?:causa|denuncia)"
    r"|(?:de|zijn|haar) (?:zaak|klacht) in(?:trekken|trekt)|wycofa\w* pozew"
    r"|retir\w+ (?:a|o) (?:a[çc][ãa]o|processo)"
    # an inspection that a complaint brought about
    r"|(?:inspection|inspecci[óo]n|ispezione|inspectie|inspekcj\w+|inspe[çc][ãa]o|Kontrolle"
    r"|contr[ôo]le)[^.\n]{0,80}(?:por la denuncia|en raison d['’]une plainte|wegen (?:einer|der)"
    r" Beschwerde|a seguito (?:di|dell['’]) ?(?:un )?esposto|naar aanleiding van (?:een|de) klacht"
    r"|w sprawie (?:skargi|reklamacji)|por causa da den[úu]ncia|following (?:a|the) complaint)"
    # a regulator's visit to come: "the FCA are coming in on 14 October"
    rf"|{_REGULATOR_NAME}[^.\n]{{0,40}}\b(?:(?:is|are) coming|coming in|will (?:visit|inspect"
    r"|review|be (?:in|on site))|(?:is|are) due (?:in|on|to)|vient|viene|kommt|komt|przychodzi"
    r"|vem|arriva|in arrivo|ci fa l['’]ispezione|fa l['’]ispezione)\b"
    r"|ontslagprocedure|vaststellingsovereenkomst"
    # a regulator's penalty proceedings opened against the organisation
    r"|expediente sancionador|procedimiento sancionador|proc[ée]dure de sanction"
    r"|procedimento sanzionatorio|Bu[ßs]geldverfahren|sanctieprocedure|boetetraject"
    r"|post[ęe]powani\w+ (?:w sprawie na[łl]o[żz]enia kary|sankcyjn\w+)"
    r"|processo de contraordena[çc][ãa]o"
    r"|Minist[ée]rio P[úu]blico (?:abriu|instaurou)|inqu[ée]rito (?:criminal|policial)"
    r"|busca e apreens[ãa]o|mandado de busca|a[çc][ãa]o trabalhista|reclama[çc][ãa]o trabalhista"
    # A lawyer's formal notice before a claim.
    r"|letter before (?:action|claim)|cease and desist|mise en demeure|menace d'assignation"
    r"|Klageandrohung|diffida (?:formale|legale|ad adempiere)|ingebrekestelling|sommatiebrief"
    r"|wezwani\w+ przeds[ąa]dow\w+|burofax|notifica[çc][ãa]o (?:judicial|extrajudicial))\b"
)
# Legal words that are news as often as they are our own matter: they need a secrecy cue.
_LEGAL_WEAK = re.compile(
    r"(?i)\b(?:lawsuit|litigation|sued|subpoena|data breach|tribunal|dispute)\b"
)
_SECRECY = re.compile(
    r"(?i)\b(?:do not discuss|don't discuss|not commented|no public statement|preserve|do not delete"  # noqa: E501
    r"|privileged|counsel|keep (?:this|it) (?:confidential|quiet|to yourself)|not (?:yet )?public)\b"  # noqa: E501
)

# The patterns each part must match before it can find anything (see `prefilter`); the
# ones searched only in a window around another match are loosened.
TRIGGERS: dict[str, re.Pattern[str]] = {
    "confidential.strong": STRONG,
    "confidential.strong_more": STRONG_MORE,
    "confidential.label": LABEL,
    "confidential.label_more": LABEL_MORE,
    "confidential.level": LEVEL_LABEL,
    "confidential.disclaimer": DISCLAIMER,  # no assertions: a window's match is the text's
    "confidential.unannounced": _UNANNOUNCED,
    "confidential.deal": loosened(_DEAL),
    "confidential.results": loosened(_RESULTS),
    "confidential.regulator": loosened(_REGULATOR),
    "confidential.legal": _LEGAL,
    "confidential.legal_weak": _LEGAL_WEAK,
    "confidential.secrecy": loosened(_SECRECY),
    # whether a story can be near a marker at all (`first_marker`)
    "confidential.fiction": FICTION,
}
ALL = frozenset(TRIGGERS)


def _any_marker(text: str, hits: frozenset[str]) -> re.Match[str] | None:
    """The first marker of the first marker pattern that has one."""
    for trigger, pattern in _MARKERS:
        if trigger in hits:
            footer = "confidential.disclaimer" in hits
            fiction = "confidential.fiction" in hits
            match = first_marker(pattern, text, start_of(hits, trigger, text), footer, fiction)
            if match is not None:
                return match
    return None


def _markers(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    match = _any_marker(segment.text, hits)
    if match is None or describes_levels(segment.text):
        return []
    if blank_form(segment.location) and not match.group().isupper():
        # a template's clause ("obrigam-se a não divulgar") describes, not classifies; a
        # label in capitals (CONFIDENTIAL) marks the file whatever its name says
        return []
    return [
        finding(
            NAME,
            Category.CONFIDENTIAL,
            "classification_marker",
            segment,
            clip(match.group().strip(" -–:|([])\n"), 60),
            Confidence.HIGH,
        )
    ]


def _unannounced(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    if "confidential.unannounced" not in hits:
        return []
    if not {"confidential.deal", "confidential.results", "confidential.regulator"} & hits:
        return []
    text = segment.text
    for match in _UNANNOUNCED.finditer(text, start_of(hits, "confidential.unannounced", text)):
        around = window(text, match.start(), match.end(), before=400, after=250)
        if re.search(
            r"(?i)embargo (?:on|has) (?:\w+ )*lifted|is (?:now )?public now|now public", around
        ) or PUBLIC_DEAL.search(around):
            continue
        # A pattern that the window's own scan does not report cannot match in the window.
        near = hits_within(hits, around, ALL)
        if ("confidential.deal" in near and _DEAL.search(around)) or _REGULATOR.search(around):
            return [
                finding(
                    NAME,
                    Category.CONFIDENTIAL,
                    "unannounced_deal",
                    segment,
                    clip(match.group(), 60),
                    Confidence.MEDIUM,
                )
            ]
        results = "confidential.results" in near and _RESULTS.search(around)
        if results and _FINANCIAL_FIGURE.search(around):
            return [
                finding(
                    NAME,
                    Category.CONFIDENTIAL,
                    "unannounced_results",
                    segment,
                    clip(match.group(), 60),
                    Confidence.MEDIUM,
                )
            ]
    return []


def _legal(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    text = segment.text
    legal = "confidential.legal" in hits
    found = _LEGAL.finditer(text, start_of(hits, "confidential.legal", text)) if legal else ()
    match = next(
        (
            m
            for m in found
            if not _reported(text, m) and not _if_you(text, m) and not _a_payment(text, m)
        ),
        None,
    )
    if match is not None and _AN_EVENT.search(text) and _SPEAKER.search(text):
        return []  # a seminar on settlements and tribunals, with its speaker and room
    if match is None:
        if "confidential.legal_weak" not in hits or "confidential.secrecy" not in hits:
            return []
        weak = [m for m in _LEGAL_WEAK.finditer(text) if _secrecy_near(text, m)]
        if not weak:
            return []
        match = weak[0]
    if lesson_material(segment):
        return []  # a lesson about a fictional company's dismissals and settlements
    return [
        finding(
            NAME,
            Category.CONFIDENTIAL,
            "legal_matter",
            segment,
            clip(match.group(), 60),
            Confidence.MEDIUM,
        )
    ]


# Advice put to the reader as a condition: "If you're offered a settlement agreement, get
# independent advice", "Si vous recevez une mise en demeure": nobody's matter.
_IF_YOU = re.compile(
    r"(?i)\b(?:if you|should you|wenn (?:Sie|du)|falls (?:Sie|du)|si vous|si tu|si usted|si te"
    r"|als (?:je|u)|se (?:sei|ti|le|voc[êe])|je[śs]li|je[żz]eli|caso (?:voc[êe]|receba))\b"
)


# A payment's settlement, not a dispute's: "settlement terms: 30 days net" on an invoice.
_PAYMENT_NEAR = re.compile(
    r"(?i)\b(?:invoice|payment terms|days net|net \d+|remittance|BACS|bank transfer"
    r"|early settlement discount|amount due)\b"
)


def _a_payment(text: str, match: re.Match[str]) -> bool:
    """Whether a "settlement" is an invoice's payment terms."""
    if not match.group().lower().startswith("settlement"):
        return False
    return _PAYMENT_NEAR.search(text, max(0, match.start() - 150), match.end() + 150) is not None


# A talk or a seminar about legal matters, announced with its speaker or room.
_AN_EVENT = re.compile(
    r"(?i)\b(?:seminar|webinar|lecture|conference|symposium|lunchtime talk|Vortrag|Tagung"
    r"|s[ée]minaire|conf[ée]rence|seminario|congreso|jornada|convegno|lezing|symposium|wyk[łl]ad"
    r"|konferencj\w+|palestra|semin[áa]rio)\b"
)
_SPEAKER = re.compile(
    r"(?i)\b(?:speakers?|Referent\w*|Sprecher\w*|intervenant\w*|ponente|relatore|relatrice"
    r"|spreker|prelegent\w*|orador\w*|keynote)\s*:"
)


def _if_you(text: str, match: re.Match[str]) -> bool:
    """Whether the legal words sit in a sentence that puts a case to the reader."""
    begin = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
    return _IF_YOU.search(text, begin, match.start()) is not None


def _reported(text: str, match: re.Match[str]) -> bool:
    """Whether the legal words are news of somebody else's case in the same paragraph (a
    newsletter's court report, a press article) or bait in a phishing drill, not our matter."""
    begin = max(text.rfind("\n\n", 0, match.start()), match.start() - 300, 0)
    stop = text.find("\n\n", match.end())
    stop = min(stop if stop >= 0 else len(text), match.end() + 300)
    return REPORTED.search(text, begin, stop) is not None


def _secrecy_near(text: str, match: re.Match[str]) -> bool:
    """A secrecy cue within 300 characters of a weak legal word, not in a legal footer: the
    "privileged" of a standard disclaimer does not make a guest's card "dispute" a legal
    matter."""
    start, end = max(0, match.start() - 300), min(len(text), match.end() + 300)
    return any(
        not in_disclaimer(text, cue.start(), cue.end())
        for cue in _SECRECY.finditer(text, start, end)
    )


PARTS = (_markers, _unannounced, _legal)


def find_confidential(segment: TextSegment, hits: frozenset[str] = ALL) -> list[Finding]:
    return [item for part in PARTS for item in part(segment, hits)]


# Searched over the whole segment from where Hyperscan says they can start (`start_of`).
LOCATED = frozenset(
    (
        "confidential.strong",
        "confidential.strong_more",
        "confidential.label",
        "confidential.label_more",
        "confidential.level",
        "confidential.unannounced",
        "confidential.legal",
    )
)
DETECTOR = Detector(NAME, Category.CONFIDENTIAL, find_confidential, TRIGGERS, LOCATED)


def has_classification(text: str, hits: frozenset[str] = ALL) -> bool:
    """Whether `text` carries a classification marker, an unannounced deal or a legal matter.

    `hits`: the trigger ids that may match in `text` (all of them unless a scan of it says).
    """
    probe = TextSegment(_PROBE_LOCATION, text)
    return bool(_markers(probe, hits) or _unannounced(probe, hits) or _legal(probe, hits))


def has_legal_matter(text: str, hits: frozenset[str] = ALL) -> bool:
    """Whether `text` describes a legal matter (claim, investigation, legal hold...)."""
    return bool(_legal(TextSegment(_PROBE_LOCATION, text), hits))
