"""Internal material: HR reports, reviews, restructuring plans, studies, drafts, board minutes."""

from __future__ import annotations

import re

from mailbrake.models import Category, Confidence, Finding, TextSegment
from mailbrake.rules.base import Detector, clip, finding, hits_within, start_of
from mailbrake.rules.boilerplate import REPORTED, WE_PUBLISH, blank_form
from mailbrake.rules.confidential import ALL as CLASSIFICATION
from mailbrake.rules.confidential import has_classification, has_legal_matter
from mailbrake.rules.context import clause_at, window
from mailbrake.rules.names import full_names, possessive_name

NAME = "internal"

_N = r"(?:about |around |roughly |some |up to |another |\w+ )?\d+"
# "Draft" in the other languages counts only as the draft of a business document (a report,
# plan, minutes, budget, contract...): "borrador del menú", "bozza del volantino" are not.
_DRAFT_WORD = (
    r"\bEntwurf\b|\bbrouillon\b|\bborrador\b|\bbozza\b|\brascunho\b|\bminuta\b|wersj[aię] robocz"
    r"|\bconceptversie\b|\bontwerp\b"
)
_DOC_WORD = (
    r"bericht|\bplan|protokoll|konzept|richtlinie|budget|vertrag|strategie|organigram|stellenplan"
    r"|umstrukturierung|beurteilung|haushalt|rapport|proc[èe]s-verbal|compte rendu|politique"
    r"|contrat|strat[ée]gie|r[ée]organisation|[ée]valuation|informe|\bacta\b|pol[íi]tica"
    r"|presupuesto|contrato|estrategia|\bre(?:e|or)[a-z]*ci[óo]n|evaluaci[óo]n|propuesta|relazione"
    r"|piano|verbale|bilancio|contratto|strategia|riorganizzazione|valutazione|proposta"
    r"|relat[óo]rio|plano|\bata\b|or[çc]amento|estrat[ée]gia|reestrutura[çc][ãa]o|avalia[çc][ãa]o"
    r"|raport|protok[óo][łl]|polityk|bud[żz]et|umow|strategi|reorganizacj|ocen|regulamin"
    r"|notulen|beleid|begroting|reorganisatie|beoordeling|voorstel"
)
# A count of people, in figures or words.
_COUNT = (
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|dois|duas|tr[êe]s|quatro|cinco"
    r"|seis|dos|cuatro|deux|trois|quatre|cinq|zwei|drei|vier|f[üu]nf|twee|drie|vijf|due|tre"
    r"|quattro|cinque|dwa|dwie|trzy|cztery|pi[ęe][ćc])"
)
# Content that is internal by itself: (kind, pattern).
CONTENT: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("restructuring", re.compile(
        rf"(?i)\b(?:remov|cut|eliminat|reduc|abolish|los)\w* {_N} (?:roles|positions|posts|jobs|FTEs?|heads)"  # noqa: E501
        rf"|\b\d+ (?:roles|positions|posts|jobs|FTEs?) (?:affected|at risk|removed|cut|to go|will go)"  # noqa: E501
        rf"|\b\d+ staff would be|(?:planned|proposed|upcoming|further|compulsory) (?:redundancies|layoffs|job cuts)"  # noqa: E501
        rf"|redundancy (?:consultation|programme|plan|list|selection)|layoff (?:plan|list)"
        rf"|restructuring (?:plan|proposal)|(?:site|office) (?:closure|consolidation) (?:plan|proposal)"  # noqa: E501
        rf"|\bclos(?:e|ing) the \w+ (?:office|site|plant|warehouse|satellite office)"
        rf"|\bplanned reductions|\breduction phase|\bhiring freeze\b|headcount (?:plan|scenarios|reduction)"  # noqa: E501
        rf"|Stellen\w* (?:weg|abbau)|fallen [^.\n]{{0,30}}Stellen weg|Stellenabbau|betriebsbedingte K[üu]ndigung"  # noqa: E501
        rf"|suppression(?:s)? de (?:\d+ )?postes|plan social|licenciements"
        rf"|despidos|reducci[óo]n de plantilla|eliminar \d+ puestos|supresi[óo]n de \d+ puestos"
        # a team said to shrink, in numbers: "claims admin goes from 7 to 3"
        rf"|\b(?:team|department|admin|office|desk|staff|headcount|crew|shift|section|unit)"
        rf" (?:goes|shrinks|drops|falls|is cut|is reduced|reduces|will go|will shrink)"
        rf" (?:down )?from \d+ to \d+"
        # a shift cut: "ab 1. Mai wird die Nachtschicht am Kai 2 gestrichen"
        rf"|\b(?:night|late|early|weekend|evening) shift (?:is|will be|gets) (?:cut|scrapped|axed"
        rf"|dropped|closed)|\b(?:Nacht|Sp[äa]t|Fr[üu]h|Wochenend)schicht\b[^.\n]*?\b(?:gestrichen"
        rf"|eingestellt|abgeschafft)|\b(?:[ée]quipe de nuit|turno de noche|turno di notte"
        rf"|nachtdienst|nachtploeg|nocn\w+ zmian\w+|turno da noite)\b[^.\n]*?\b(?:supprim\w+"
        rf"|elimin\w+|vervalt|verdwijnt|zlikwid\w+|acaba|extint\w+)"
        # a closure with its job count: "the Leeds desk closes end of March, four go", "a
        # secção de Cultura fecha em abril ...; saem três"
        # (a bounded gap made the exact Hyperscan database too large: rules.locate)
        rf"|\b(?:closes|is closing|will close|shuts|fecha|cierra|ferme|schlie[ßs]t|sluit|chiude"
        rf"|zostanie zamkni[ęe]t\w|zamyka)\b"
        # (not an hour or a holiday: "closes at noon", "closes early", "closes for Easter")
        rf"(?! (?:at|early|for|[àa]s?|a las|alle|om|um|o godz\w*)\b)[^.\n]*?"
        rf"(?:\b{_COUNT} (?:go|will go|are going|lose their jobs|leave)\b"
        rf"|\b(?:saem|salen|se van|partent|gehen|vertrekken|escono|odchodz[ąa]|odejd[ąa])"
        rf" {_COUNT}\b)")),
    ("performance_review", re.compile(
        r"(?i)\b(?:performance (?:review|improvement plan|appraisal)|mid-year review|annual review of"  # noqa: E501
        r"|(?-i:\bPIPs?\b)(?! code)|overall rating|development areas|Leistungsbeurteilung"
        r"|Mitarbeitergespr[äa]ch"
        r"|entretien (?:annuel )?d'[ée]valuation|evaluaci[óo]n del desempe[ñn]o"
        # a disciplinary warning, the record of an employee's conduct
        r"|(?:letter of|letter confirming (?:a|your|the|her|his)) (?:final )?(?:written )?warning"
        r"|(?:written )?warning letter|disciplinary (?:outcome|sanction) (?:letter|for)"
        # a warning as a record gives it: issued, on file, for a period, expiring
        r"|(?:issue[ds]?|give|given|confirm\w*) (?:a |him a |her a |them a )?(?:first |final )?"
        r"written warning|written warning[^.\n]{0,60}\b(?:on (?:file|record)|for \d+ months"
        r"|expir\w*|valid for|remains? (?:live|active|on)|stage \d)"
        r"|Abmahnung|(?:lettre d'|projet d')?avertissement (?:disciplinaire|pour|[àa])|lettre d'avertissement"  # noqa: E501
        r"|amonestaci[óo]n (?:por escrito|disciplinaria)|richiamo disciplinare|lettera di richiamo"
        r"|schriftelijke waarschuwing|upomnienie (?:pisemne|dyscyplinarne)|nagana dla"
        r"|advert[êe]ncia (?:disciplinar|escrita)"
        # a probation ended, failed or extended
        r"|(?:ne (?:\w+ )?pas (?:poursuivre|confirmer|renouveler)|rupture)[^.\n]{0,60}"
        r"p[ée]riode d'essai"
        r"|p[ée]riode d'essai[^.\n]{0,60}(?:non concluante|rupture|renouvel\w+)"
        r"|(?:fail\w*|extend\w*|not (?:confirm|pass)\w*|end) (?:his|her|their) probation"
        r"|probation (?:review|outcome|extended|not confirmed)"
        r"|Probezeit (?:nicht bestanden|verl[äa]ngert|beenden|k[üu]ndigen)"
        r"|no (?:ha )?superado el periodo de prueba|periodo di prova (?:non (?:è stato )?superato)"
        r"|proeftijd (?:niet (?:gehaald|verlengd)|verlengd)|okres(?:u)? pr[óo]bn\w+ (?:nie )?przed[łl]u\w+"  # noqa: E501
        r"|n[ãa]o (?:passou|superou) o per[íi]odo experimental)")),
    ("board_minutes", re.compile(
        r"(?i)\bminutes of (?:a|the) (?:meeting of the )?board|\bboard (?:meeting )?minutes\b"
        r"|Protokoll der (?:Vorstands|Aufsichtsrats)sitzung|proc[èe]s-verbal du conseil|acta del consejo")),  # noqa: E501
    ("efficiency_study", re.compile(r"(?i)\befficiency (?:study|review|programme|analysis)|time and motion")),  # noqa: E501
    ("hr_report", re.compile(
        r"(?i)\battrition\b|regretted leavers|exit[- ]interview (?:summary|results|feedback|data)|open grievances|\bgrievances\b|time to (?:hire|fill)"  # noqa: E501
        r"|recruiting funnel|engagement survey[^.\n]{0,40}(?:by department|breakdown|raw results)"
        r"|(?:people|HR) (?:report|dashboard|metrics)|internal HR|Fluktuation")),
    ("draft", re.compile(
        r"\bDRAFT\b|\b[Dd]raft (?:only|-|–|:)|(?i:working draft|for internal review|not (?:yet )?reviewed"  # noqa: E501
        r"|not final\b|draft (?:policy|report|minutes|review|plan|proposal|handbook|post-incident|org)"  # noqa: E501
        r"|\bv\d+\.\d+ draft|draft v\d|working document"
        # a working document or provisional version, in the other languages
        r"|document de travail|version (?:de travail|provisoire)|avant-projet|Arbeitspapier"
        r"|vorl[äa]ufige (?:Fassung|Version)|documento de trabajo"
        r"|versi[óo]n (?:preliminar|provisional)|anteproyecto|documento di lavoro"
        r"|versione (?:provvisoria|preliminare)|werkdocument"
        r"|voorlopige versie|dokument roboczy|wersj[aię] wst[ęe]pn|documento de trabalho"
        r"|vers[ãa]o (?:preliminar|provis[óo]ria)|anteprojeto)"
        rf"|(?i:{_DRAFT_WORD})[^.\n]{{0,40}}(?i:{_DOC_WORD})|(?i:{_DOC_WORD})\w*[ (:–-]{{1,4}}(?i:{_DRAFT_WORD})"  # noqa: E501
        r"|(?i:\w*(?:bericht|plan|protokoll|vertrag|konzept|budget)s?entwurf"
        r"|\bconcept-?(?:rapport|verslag|notulen|begroting|voorstel|beleid)|\bontwerp-?begroting)")),
    ("internal_report", re.compile(
        # ("ask for an internal review" of a decision is an appeal route, not a report)
        r"(?i)(?<!for an )(?<!request an )\binternal (?:audit )?(?:report|review|findings)\b"
        r"|compliance review|quota attainment|attainment by"
        r"|management offsite|leadership offsite|post-incident review|working paper")),
)  # fmt: skip
_RESTRICTION = re.compile(
    r"(?i)\bnot for circulation|(?:don't|do not|please don't) (?:circulate|forward|share)"
    r"|\b(?:leadership|managers|management|HR|board|exec(?:utive)?s?) only\b|restricted folder"
    r"|(?:keep|stays?) (?:it |this )?(?:within|to) (?:the |this )?(?:working group|leadership|group"
    r"|management|team|room)|for internal use|internal use only|has not been shared with"
    r"|(?:nothing|not) (?:has been )?(?:said|shared) (?:to|with) (?:the )?(?:site|teams|staff)"
    r"|nicht weitergeben|keine Informationen an|ne pas (?:diffuser|transf[ée]rer)|no reenviar"
    r"|niet (?:verspreiden|doorsturen|delen)"
)
# Cuts opposed, not planned: a campaign's "stop", "no to", "against" just before them.
_OPPOSED = re.compile(
    r"(?i)\b(?:arr[êe]t|non|stop|contre|against|no more|halt|gegen|Stopp|keine|no a|contra|tegen"
    r"|contro|przeciw|basta|nee tegen)\b[^.\n]{0,12}$"
)
# Minutes asked for or signed, not given: "Signed board minutes for the year", "a copy of".
_ASKED_FOR = re.compile(
    r"(?i)\b(?:signed|copy of|copies of|provide|send (?:us|me)|request\w*)\s+(?:the\s+)?$"
)
# A promise of how something is handled, said by "we": no restriction on this message.
_WE_PROMISE = re.compile(r"(?i)\b(?:we|we'll|we will)\s+$")
# "managers only see results for teams of five": "only" limits the verb after it, so the
# words are a statement about who sees what, not a label restricting this message.
_ONLY_THEN_VERB = re.compile(
    r"\s+(?:see|sees|get|gets|have|has|had|receive|need|can|could|will|would|may|should|must"
    r"|know|use|do|does|did|are|is|were|was|approve|sign|review|access|view)\b",
    re.IGNORECASE,
)
# The same words in harmless use: a picnic draft, a book club's minutes, a public embargo.
_HARMLESS = re.compile(
    r"(?i)(?:draft (?:schedule|plan|menu|agenda) for the (?:picnic|party|social|lunch|dinner|quiz)"
    r"|book club|social club|running club|minutes of this month's meeting|draft beer"
    r"|(?:allotment|residents'?|gardening|choral|sports?|cricket|bowls|angling|history) (?:society|association|club)"  # noqa: E501
    r"|parish council|PTA|parents'? association|tennis club|golf club|rugby club|football club"
    r"|\bLTC\b|comunidad de propietarios|junta (?:ordinaria|general) de propietarios"
    r"|Eigent[üu]merversammlung|assembl[ée]e g[ée]n[ée]rale des copropri[ée]taires"
    r"|assemblea condominiale|zebranie wsp[óo]lnoty|assembleia de cond[óo]minos"
    r"|junta (?:ordinaria|de vecinos)|comunidad de vecinos|estimados propietarios)"
)
# A draft of a party, an outing or a menu is no business document, in any language: near a
# draft, one of these words and none of a plan's figures or an HR word makes it harmless.
_SOCIAL = re.compile(
    r"(?i)\b(?:party|parties|picnic|menu|barbecue|bbq|potluck|secret santa|quiz night|bake sale"
    r"|(?:christmas|xmas|leaving|summer) do|christmas (?:lunch|dinner|meal)"
    r"|team (?:outing|day out|lunch|dinner)|away day|summer (?:fair|fete|outing)|canap[ée]s|dessert"
    r"|Feier|Sommerfest|Weihnachtsfeier|Betriebsausflug|Grillfest|Speisekarte|Men[üu]"
    r"|f[êe]te|pique-nique|repas|ap[ée]ro|soir[ée]e|fiesta|comida de (?:navidad|empresa)|cena"
    r"|merienda|men[úu]|borrel|personeelsfeest|uitje|kerstdiner|kerstborrel|festa|pranzo"
    r"|aperitivo|gita aziendale|impreza|piknik|wigilia firmowa|integracj\w+|kolacj\w+"
    r"|confraterniza[çc][ãa]o|churrasco|almo[çc]o|jantar|card[áa]pio|ementa"
    r"|retir(?:e|es|ed|ing|ement)|farewell|send-off|leaving (?:do|drinks|party)|cake|surprise"
    r"|buffet|DJ|raffle"
    r"|karaoke|fancy dress|crackers|fun day|family day|sports day|treasure hunt|Tombola|Glühwein"
    r"|bal|paella|grigliata|ognisko)\b"
)


# A class or exam timetable, drafted for the students and teachers it is sent to.
_TIMETABLE = re.compile(
    r"(?i)\b(?:timetables?|exams? (?:\w+ )?(?:schedule|calendar)"
    r"|calendario (?:\w+ )?(?:de|dei|degli) ex[áa]m\w*"
    r"|calendrier des examens|Stundenpl[äa]n\w*|Pr[üu]fungspl[äa]n\w*|Klausurpl[äa]n\w*"
    r"|emplois? du temps|horarios? de clases?|orario (?:delle lezioni|scolastico|dei corsi)"
    r"|lesrooster|tentamenrooster|plan zaj[ęe][ćc]|harmonogram (?:egzamin|sesji)\w*"
    r"|hor[áa]rio (?:das aulas|escolar|de exames)|calend[áa]rio de exames)"
)


def _social_draft(text: str, around: str) -> bool:
    """Whether a draft is of a party, an outing, a menu or a class timetable: such words near
    it and no business word, or a document full of social words (a Christmas do, Secret
    Santa, a DJ) that a lone "budget" for the taxis does not turn into a business plan."""
    business = {m.group().lower() for m in _BUSINESS.finditer(around)}
    if not business:
        return _SOCIAL.search(around) is not None or _TIMETABLE.search(around) is not None
    social = {m.group().lower() for m in _SOCIAL.finditer(text)}
    return len(social) >= 3 and len(social) > 2 * len(business)


def _in_a_tribute(match: re.Match[str], around: str) -> bool:
    """An HR word in a tribute or a party's invitation (a retirement, a leaving do), with no
    figure near it: a career, not a report."""
    return (
        match.group().lower() == "grievances"
        and _SOCIAL.search(around) is not None
        and not _FIGURES.search(around)
    )


_BUSINESS = re.compile(
    r"(?i)\b(?:roles?|headcount|redundan\w+|restructur\w+|budget|forecast|revenue|salar\w+"
    r"|policy|contract|board|strategy|review of|performance|disciplinary|FTEs?)\b"
)
# A performance review of a system (a database, a server, an API) is engineering, not HR:
# a technical word near it and no word of a person's review.
_SYSTEM = re.compile(
    r"(?i)\b(?:database|databank|Datenbank|base de (?:donn[ée]es|datos|dados)|baz\w* danych"
    r"|server|servers|serveur|servidor|serwer\w*|cluster|API|endpoint|query|queries|index(?:es)?"
    r"|latency|latenc\w+|Latenz|throughput|CPU|memory|cache|load balancer|infrastructure"
    r"|website|pipeline|system|sistema|systeem|Systems?|syst[èe]me|system\w*"
    r"|network|netwerk|Netzwerk|r[ée]seau|rete|sie[ćc]|Kubernetes|k8s|Postgres\w*|MySQL"
    r"|Oracle|SQL|storage|disk|backup|VM|VMs|instance|microservice\w*|ETL|dashboard load"
    r"|availability|uptime|downtime|SLA|outages?|page loads?|load times?|response times?"
    r"|software|platform|app|application|release|supplier|vendor|routers?|switch(?:es)?"
    r"|uplinks?|bandwidth|utili[sz]ation|nodes?|p9[059]|checkout|tokeni[sz]ation|workstations?"
    r"|percentiles?|PACS|retrieval|air handling|HVAC|AHUs?|pumps?|boilers?|chillers?|equipment"
    r"|machines?|machinery|vehicles?|fleet|turbines?|generators?|Maschine\w*|Fr[äa]smaschine\w*"
    r"|Anlage|Ger[äa]t\w*|machine\w*|macchin\w+|m[áa]quina\w*|maszyn\w+|machine-outil\w*|kiln"
    r"|oven|Ofen|four|horno|forno|piec\w*|CNC|machining|lathes?|press brakes?|prasy?|spindles?"
    r"|tool changers?|cycle times?|scrap rate|APUs?|engines?|aircraft|EGT|Triebwerk\w*|moteurs?"
    r"|motores?|motori|silnik\w*"
    # German compounds of a machine or a plant ("Fräszentrum FZ-4", "Abfüllanlage")
    r"|\w+(?:zentrum|anlagen?|maschinen?|ger[äa]te?|aggregate?|spindel)|Spindel\w*)\b"
)
_PERSON_REVIEW = re.compile(
    r"(?i)\b(?:employee|staff member|rating|objectives|goals|appraisee|line manager|reviewee"
    r"|his|her|their (?:manager|objectives|rating)|Mitarbeiter\w*|salari[ée]|empleado"
    r"|medewerker|dipendente|pracownik\w*|funcion[áa]rio|colaborador\w*)\b"
)
_VERSIONED_FILE = re.compile(
    r"(?i)[_ -]v(?!(?:19|20)\d\d\b)\d+(?:\.\d+)?(?:[_ -]draft)?\.(?:docx?|xlsx?|pptx?|pdf|odt)$"
)
_DRAFT_CONTENT = re.compile(r"\d|^\s*(?:[-•*]|\[Comment)", re.MULTILINE)
_FIGURES = re.compile(
    r"\d+%|\d[\d,.]*\s?(?:m|k|million|roles|staff|people|FTEs?|fte|posts|positions|jobs|Stellen"
    r"|postes|puestos|posti|banen|etat\w*|postos|Mitarbeiter\w*|salari[ée]s|empleados|dipendenti"
    r"|medewerkers|pracownik\w*|funcion[áa]rios)|[£$€]\s?\d"
)

# The patterns each part must match before it can find anything (see `prefilter`).
TRIGGERS: dict[str, re.Pattern[str]] = {
    **{f"internal.{kind}": pattern for kind, pattern in CONTENT},
    "internal.restriction": _RESTRICTION,
    "internal.figures": _FIGURES,  # searched in a window around a restriction; has no \b
}
ALL = frozenset(TRIGGERS)
_CONTENT_GATED = tuple((kind, f"internal.{kind}", pattern) for kind, pattern in CONTENT)


def _content(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    text = segment.text
    for kind, trigger, pattern in _CONTENT_GATED:
        if trigger not in hits:
            continue
        for match in pattern.finditer(text, start_of(hits, trigger, text)):
            around = window(text, match.start(), match.end(), before=300, after=300)
            if kind in ("board_minutes", "draft") and _HARMLESS.search(around):
                continue
            if kind == "draft" and _social_draft(text, around):
                continue
            if kind == "draft" and _is_subject(segment):
                continue  # "DRAFT – ..." names the draft; its content, if any, is in the message
            if kind in ("restructuring", "hr_report") and REPORTED.search(around):
                continue  # another company's cuts or cases, as the press or a court reported them
            if kind in ("hr_report", "restructuring") and WE_PUBLISH.search(text):
                continue  # what the firm publishes or has announced itself
            if kind == "restructuring" and _OPPOSED.search(
                text, max(0, match.start() - 30), match.start()
            ):
                continue  # a union's demand: "arrêt des suppressions de postes", "stop the cuts"
            if kind == "hr_report" and _in_a_tribute(match, around):
                continue  # "she has represented members at grievances" in a retirement note
            if kind == "board_minutes" and _ASKED_FOR.search(
                text, max(0, match.start() - 30), match.start()
            ):
                continue  # an auditor's list asking for the minutes, not the minutes
            if kind == "performance_review" and (_is_subject(segment) or _of_a_system(text, match)):
                continue  # a subject names a review; the review itself is in the message
            if kind == "performance_review" and blank_form(segment.location):
                continue  # the blank form of a review, its headings and nobody's answers
            if kind in ("hr_report", "performance_review") and (
                _event_title(text, match) or _event_topic(text, match)
            ):
                continue  # a webinar "Handling grievances", not a report of any
            legal = kind == "internal_report" and has_legal_matter(
                around, hits_within(hits, around, CLASSIFICATION)
            )
            if legal:
                continue  # an investigation memo is a legal matter (confidential), not a report
            if kind == "draft" and not _DRAFT_CONTENT.search(around):
                continue  # a mention that a draft exists, with no content to leak
            found = [
                finding(
                    NAME,
                    Category.INTERNAL,
                    kind,
                    segment,
                    clip(match.group(), 60),
                    Confidence.MEDIUM,
                )
            ]
            if kind == "performance_review" and full_names(around):
                # A review of a named employee is also personal data about them.
                found.append(
                    finding(
                        NAME,
                        Category.PERSONAL_DATA,
                        "performance_review",
                        segment,
                        "performance review of a named employee",
                        Confidence.MEDIUM,
                    )
                )
            return found
    return []


# A training or an event, in each language, whose quoted title names the topic.
_EVENT = re.compile(
    r"(?i)\b(?:webinar|workshop|training|course|seminar|session|masterclass|e-learning|talk"
    r"|Schulung|Seminar|Fortbildung|formation|atelier|conf[ée]rence|curso|taller|jornada"
    r"|formazione|corso|seminario|cursus|opleiding|szkoleni\w*|warsztat\w*|forma[çc][ãa]o)\b"
)
_QUOTED_TITLE = re.compile(r"[\"“„«‘']([^\"”“«»‘’'\n]{3,120})[\"”“»’']")


def _event_title(text: str, match: re.Match[str]) -> bool:
    """Whether the words are inside a quoted title in a sentence that names a training or an
    event: the topic of a webinar, not an HR report."""
    sentence = clause_at(text, match.start(), match.end(), ".\n")
    return _EVENT.search(sentence) is not None and any(
        match.group() in quoted.group(1) for quoted in _QUOTED_TITLE.finditer(sentence)
    )


def _event_topic(text: str, match: re.Match[str]) -> bool:
    """Whether the words are a training's or an event's topic: the event named in the 600
    characters before (its invitation, its agenda's heading) and nobody named in their
    sentence ("In unserem Live-Webinar zeigen wir Ihnen, wie Sie Abmahnung ... vorbereiten",
    "Webinar 14 May: performance reviews that don't end up at tribunal")."""
    sentence = clause_at(text, match.start(), match.end(), ".\n")
    if full_names(sentence) or possessive_name(sentence):
        return False  # "Nicholas's mid-year review" (German capitalises every noun, so a single
        # capitalised word says little)
    return _EVENT.search(text, max(0, match.start() - 600), match.end()) is not None


def _is_subject(segment: TextSegment) -> bool:
    return "subject" in (segment.location.part, segment.location.detail)


def _of_a_system(text: str, match: re.Match[str]) -> bool:
    """Whether the review is of a system: a technical word near it, no word of a person's."""
    near = window(text, match.start(), match.end(), before=120, after=200)
    return bool(_SYSTEM.search(near)) and not _PERSON_REVIEW.search(near)


def _restricted(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    text = segment.text
    for match in _RESTRICTION.finditer(text, start_of(hits, "internal.restriction", text)):
        if match.group().lower().endswith(" only") and _ONLY_THEN_VERB.match(text, match.end()):
            continue
        if _WE_PROMISE.search(text, max(0, match.start() - 12), match.start()):
            continue  # "we don't share individual results": how we handle data, no restriction
        around = window(text, match.start(), match.end(), before=500, after=200)
        if not _FIGURES.search(around):
            continue
        # The window's own scan tells which classification parts can match in it.
        if has_classification(around, hits_within(hits, around, CLASSIFICATION)):
            continue
        return [
            finding(
                NAME,
                Category.INTERNAL,
                "distribution_restriction",
                segment,
                clip(match.group(), 60),
                Confidence.MEDIUM,
            )
        ]
    return []


def _document_signals(segment: TextSegment, _hits: frozenset[str]) -> list[Finding]:
    location = segment.location
    if location.detail == "tracked changes" and segment.text.strip():
        return [
            finding(
                NAME,
                Category.INTERNAL,
                "tracked_changes",
                segment,
                "tracked changes left in the document",
                Confidence.MEDIUM,
            )
        ]
    if location.part == "attachment" and _VERSIONED_FILE.search(location.name.rsplit("/", 1)[-1]):
        named = f"{location.name.replace('_', ' ')}\n{segment.text}"
        if _social_draft(named, named):
            return []  # v1 of the Christmas do
        return [
            finding(
                NAME,
                Category.INTERNAL,
                "versioned_draft",
                segment,
                f"version-numbered file {location.name}",
                Confidence.LOW,
            )
        ]
    return []


def find_internal(segment: TextSegment, hits: frozenset[str] = ALL) -> list[Finding]:
    restricted = []
    if "internal.restriction" in hits and "internal.figures" in hits:
        restricted = _restricted(segment, hits)
    return _content(segment, hits) + restricted


# Searched over the whole segment from where Hyperscan says they can start (`start_of`).
LOCATED = frozenset((*(trigger for _kind, trigger, _p in _CONTENT_GATED), "internal.restriction"))
DETECTOR = Detector(NAME, Category.INTERNAL, find_internal, TRIGGERS, LOCATED)

DOCUMENT_DETECTOR = Detector("documents", Category.INTERNAL, _document_signals)
