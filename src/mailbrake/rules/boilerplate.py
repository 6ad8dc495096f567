"""Where marker words are not markers: legal footers, harmless uses and deals already public."""

from __future__ import annotations

import re

from mailbrake.models import Location, TextSegment

# Sentences where the same words are boilerplate or harmless.
_KEPT_WORD = (
    r"(?:vertrouwelijk|vertraulich|confidenti\w*|confidencial\w*|riservat\w*|in modo riservato"
    r"|poufn\w*|in confidence)"
)
_HANDLED = (
    r"(?:behandeld|verwerkt|bewaard|behandelt|verarbeitet|gespeichert|trait[ée]e?s?|conserv[ée]e?s?"
    r"|tratad[oa]s?|trattat[ei]|gestit[ei]|conservat[ei]|traktowan\w+|przetwarzan\w+|handled"
    r"|processed|treated|kept|stored|armazenad[oa]s|guardad[oa]s)\b"
)
BENIGN = re.compile(
    r"(?i)may contain (?:confidential|privileged)|(?:contain|contains|containing) (?:confidential|privileged)"  # noqa: E501
    r"|\bwe(?:'ll| will| shall)? (?:always )?(?:keep|treat) [^.\n]{0,20}confidential"
    r"|will be (?:kept|treated)(?: as)? (?:strictly )?confidential"
    r"|in (?:the )?strict(?:est)? confidence"
    r"|may be (?:legally )?privileged|(?:is|are) confidential and (?:may|intended|for the)"
    r"|intended (?:solely |only )?for the (?:use|addressee|recipient|named)|if you (?:are not|have received)"  # noqa: E501
    r"|(?:answers|responses|feedback|survey|results|data|replies|information you provide"
    r"|submissions|tenders|bids|applications|proposals|quotes|quotations|CVs)\b[^.\n]{0,30}"
    r"\b(?:are|is|will be|remain|stay)\b[^.\n]{0,30}confidential"
    # how forms are handled: "this information is kept confidential and only shared with ..."
    # what one tells or gives stays confidential: a promise, not a marker ("Anything you tell
    # us stays confidential", "informacja pozostaje poufna, nie podajemy jej innym")
    r"|\b(?:anything|everything|what(?:ever)?) you (?:tell|share with|say to|give) us\b[^.\n]{0,20}"
    r"\b(?:stays|remains|is kept|will be kept|will stay|will remain)\b[^.\n]{0,10}confidential"
    r"|\b(?:informacj\w+|dane|informatie|gegevens|informazion\w+|dati|informaci[óo]n|datos"
    r"|informa[çc][ãa]o|dados|Informationen|Angaben|informations?|donn[ée]es|information)"
    r"\b[^.\n]{0,20}\b(?:pozostaj\w+|blijf\w*|rest\w+|riman\w+|qued\w+|permanec\w+|fica\w*"
    r"|bleib\w+|stays?|remains?)\b[^.\n]{0,12}\b(?:poufn\w*|vertrouwelijk|riservat\w*"
    r"|confiden\w+|vertraulich)\b(?![^.\n]{0,6}\b(?:until|bis|jusqu|hasta|tot|fino|do|at[ée])\b)"
    r"|(?:information|details|forms?|records)\b[^.\n]{0,30}\b(?:is|are|will be) (?:kept|treated"
    r"|handled|held)(?: as)? (?:strictly )?(?:confidential|in confidence)"
    # how to mark one's own submission: "mark it 'commercial in confidence'" (an instruction;
    # "this report is marked 'STRICTLY CONFIDENTIAL'" is the marker itself)
    r"|\b(?:mark|label|stamp) (?:it|them|each page|your \w+)(?: as)?\s*['‘\"“]"
    # what may be withheld or is privileged in general: "information that is legally privileged"
    r"|(?:that|which) (?:is|are|may be) (?:legally )?privileged|withh[oe]ld\b[^.\n]{0,60}privileged"
    r"|privileged to|secret (?:to|of|ingredient|santa|sauce)|(?:open|best[- ]kept|little|no) secret"
    r"|confidential (?:hotline|helpline|line|counsel+ing|support|service|advice|reporting)"
    r"|vertrauliche informationen enthalten|informations confidentielles|informaci[óo]n confidencial"  # noqa: E501
    r"|destinataire|destinatario|empf[äa]nger|notify the sender|delete (?:it|this)"
    r"|classified (?:ads?|advert\w*|section|listings?|as (?:spam|junk))|top secret (?:recipe|family)"  # noqa: E501
    r"|vertrouwelijke informatie bevatten|geadresseerde|informazioni riservate|destinatári[oa]"
    r"|adresat|informacje poufne|informa[çc][ãa]o confidencial|se (?:mantendr[áa]|manter[áa]) confidencial"  # noqa: E501
    r"|worden vertrouwelijk behandeld|saranno trattat[ei] in modo riservato|pozostan[ąa] poufne"
    # A promise of how answers or data are handled ("worden strikt vertrouwelijk verwerkt",
    # "wir behandeln Ihre Angaben vertraulich"), in any language: no classification.
    # (A passive or a "we"; an instruction, "bitte behandeln Sie dies vertraulich", stays one.)
    rf"|\b(?:worden|werden|wird|sont|seront|ser[áa]n|son|saranno|vengono|b[ęe]d[ąa]|s[ąa]"
    rf"|ser[ãa]o|s[ãa]o)\b[^.\n]{{0,20}}\b{_KEPT_WORD}[^.\n]{{0,14}}\b{_HANDLED}"
    rf"|\b(?:worden|werden|wird|sont|seront|ser[áa]n|son|saranno|vengono|b[ęe]d[ąa]|s[ąa]"
    rf"|ser[ãa]o|s[ãa]o) {_HANDLED}[^.\n]{{0,30}}\b{_KEPT_WORD}"
    rf"|\b(?:wir|wij|we|nous|nosotros|noi|my|n[óo]s) (?:\w+ ){{0,2}}(?:behandeln|behandelen"
    rf"|verwerken|bewaren|traitons|conservons|tratamos|trattiamo|gestiamo|traktujemy"
    rf"|przetwarzamy)\b[^.\n]{{0,40}}\b{_KEPT_WORD}"
)
# "Top secret" in fun: a recipe, a party, a surprise, a winking face. Only a marker of the
# "secret" kind (SECRET_KIND) is read so; "confidential" beside a party is still a marker.
PLAYFUL = re.compile(
    r"(?i)\b(?:recipes?|receta|recette|Rezept|recept|ricetta|przepis\w*|receita"
    r"|birthday|cumplea[ñn]os|anniversaire|Geburtstag|verjaardag|compleanno|urodzin\w*|anivers[áa]rio"
    r"|surpris\w*|sorpres\w*|[ÜU]berrasch\w*|verrass\w*|niespodzian\w+|surpres\w*"
    # a party, a farewell, a summer fête ("Das Motto ist noch streng geheim")
    # (a party of a kind: a contract's "Parties" are no fun)
    r"|(?:office|Christmas|Xmas|birthday|surprise|leaving|farewell|retirement|summer|garden|team"
    r"|staff|holiday|engagement|launch|pizza|dinner|Geburtstags|Betriebs|Abschieds|Sommer)"
    r"[ -]?part(?:y|ies)|send-off|farewell|leaving do|Feier\w*|Abschied\w*|afscheid\w*"
    r"|pot de d[ée]part|despedida|festa d['’]addio|po[żz]egna\w*"
    r"|(?:Sommer|Betriebs|Weihnachts|Jubil[äa]ums|Firmen|Herbst|Fr[üu]hlings|Familien)fest"
    r"|f[êe]te|fiesta|festa|feest\w*|impreza\w*"
    r"|Christmas|Xmas|Navidad|No[ëe]l|Weihnacht\w*|kerst\w*|Natale|wigili\w+|Natal"
    r"|cake|tarta|g[âa]teau|Kuchen|taart|torta|ciast\w+|bolo|office party|festa junina"
    # a display, a film night or a reading list about spies
    r"|fiction|novels?|spy|spies|thrillers?|escape room|film night|movie night|reading list"
    r"|book club"
    # an exhibition about spies or the Cold War, its objects once stamped secret
    r"|exhibitions?|Ausstellung\w*|exposition|exposici[óo]n|mostra|tentoonstelling|wystaw\w+"
    r"|exposi[çc][ãa]o|museum|mus[ée]e|museo|muzeum|museu|Cold War|Kalte[nr]? Krieg\w*"
    r"|guerre froide|Guerra Fr[íi]a|Guerra Fredda|Koude Oorlog|zimnej wojny"
    # a show, a play or a concert and its tickets, a spy comedy, a party for somebody
    r"|screenings?|sneak preview|avant-premi[èe]re|preestreno|anteprima|voorpremi[èe]re"
    r"|pokaz przedpremierowy|antestreia|Vorpremiere"
    r"|box office|your tickets|tickets? for|matin[ée]e|the show|billets?|entradas|biglietti"
    r"|kaartjes|bilety|bilhetes|com[ée]die|comedia|commedia|kom[ee]die|espionnage|espionaje"
    r"|spionaggio|Spionage|spionage|szpieg\w*|espionagem|(?:a|the|his|her|our) party(?! to)"
    # a game, a quiz's or a party's theme, a team-building mission
    r"|board ?games?|game night|hidden-role|Spieleabend|Brettspiel\w*|jeu de soci[ée]t[ée]"
    r"|juego de mesa|gioco da tavolo|bordspel\w*|spelavond|gra planszow\w*|jogo de tabuleiro"
    r"|pub ?quiz\w*|quiz night|Motto|th[èe]me de la soir[ée]e|thema van|tema della serata"
    r"|team-?building|mission briefing|secret agents?|Geheimagent\w*|agents? secrets?"
    r"|agentes secretos|agenti segreti|geheim agent\w*|geheime agenten|tajni agenci|Krimi\w*"
    r"|detektiv\w*|Nachwuchsdetektiv\w*|d[ée]tectives?|detectives?|detektyw\w*|Geheimdienst\w*"
    r"|your mission|should you choose to accept|self-destruct|checkpoints?|codenames?|clues?"
    r"|scavenger hunt|treasure hunt|Schnitzeljagd|chasse au tr[ée]sor|b[úu]squeda del tesoro"
    r"|caccia al tesoro|speurtocht|podchody|ca[çc]a ao tesouro"
    # spies, a concert or a serenade
    r"|esp[íi]as?|Spione?|espions?|spie|spionnen|szpiedzy|espi[õo]es|concerts?|Konzert\w*"
    r"|concierto|concerto|koncert\w*|St[äa]ndchen|serenat\w*|s[ée]r[ée]nade|serenade"
    # a secret Santa's draw
    r"|secret santa|wichtel\w*|gewichtelt|(?:wen|wer) (?:ihr|du) gezogen|lootjes|Kris Kringle"
    r"|amigo (?:invisible|secreto)|who you(?:'ve)? (?:got|drew|drawn))\b"
    r"|[\U0001F600-\U0001F64F\U0001F910-\U0001F92F\U0001F389\U0001F382]"
)
# A work of fiction or a reading about one: its stamps and dossiers are props, whatever
# they say ("Il timbro rosso diceva RISERVATISSIMO", "the TOP SECRET dossier on the train").
FICTION = re.compile(
    r"(?i)\b(?:short stor(?:y|ies)|novel(?:la)?s?|racconto|romanzo|Kurzgeschichte|cuento"
    r"|relato|opowiadani\w+|powie[śs][ćc]\w*|kortverhaal|manuscri\w+|manoscritto|Manuskript"
    r"|r[ęe]kopis\w*|book club|Buchclub|Lesekreis|club de lecture|club de lectura|leesclub"
    r"|circolo di lettura|klub ksi[ąa][żz]ki|clube do livro|writing (?:workshop|group|class)"
    r"|laboratorio di scrittura|Schreibwerkstatt|atelier d['’][ée]criture|taller de escritura"
    r"|schrijfgroep|warsztat\w* pisarsk\w+|oficina de escrita|screenplay|sceneggiatura"
    r"|Drehbuch|roteiro|(?:opening|first|last|final) chapter|in the book|the author|plot twist"
    # a murder-mystery game, its characters and clues invented ("the fictional town of ...")
    r"|fictional|fictitious|murder[- ]mystery|whodunn?it|Cluedo|Krimi-?Dinner|cena con delitto"
    r"|moordspel|jeu de r[ôo]le|soir[ée]e (?:polar|enqu[êe]te)|fict[íi]ci[oa]|fictif|fictive"
    r"|ficticio|fittizi[oa]|fictief|fikcyjn\w*"
    # a game's world and props, a moot court's invented case
    r"|in-game|video ?games?|game design\w*|level design\w*|narrative design\w*|cutscenes?|NPCs?"
    r"|props?|quest ?lines?|moot (?:court|problem)|mock trial|proc[èe]s simul[ée]|juicio simulado"
    r"|processo simulato|pleitwedstrijd|symulacj\w+ rozpraw\w*|julgamento simulado)\b"
)
# Teaching material: a lesson's vocabulary, role cards, a worksheet or a model letter, whose
# dismissals, settlements and sick notes are exercises.
LESSON = re.compile(
    r"(?i)\b(?:lesson plan|role[- ]?(?:play|cards?)|worksheet|vocabulary(?: list)?|vocabul[áa]rio"
    r"|Wortschatz|Vokabel\w*|vocabulaire|vocabolario|woordenlijst|woordenschat|s[łl]ownictw\w+"
    r"|Arbeitsblatt|Übungsmaterial|Unterrichtsmaterial|Mustermail|fiche p[ée]dagogique"
    r"|ficha de (?:trabajo|trabalho)|material did[áa]ctico|scheda didattica|werkblad"
    r"|karta pracy|Aufgabe \d|exercise \d|exercice \d|ejercicio \d|esercizio \d|oefening \d"
    r"|[ćc]wiczenie \d|exerc[íi]cio \d?|quiz|scenarios? (?:are|is) (?:invented|made up|fictional)"
    r"|invented for training|made-up scenarios?)\b"
)


def lesson_material(segment: TextSegment) -> bool:
    """Whether the text is teaching material about a fictional case: an attachment named as
    a lesson's (role cards, a worksheet), or lesson words and a fictional company in it."""
    if segment.location.part == "attachment" and LESSON.search(
        segment.location.name.replace("_", " ")
    ):
        return True
    return bool(LESSON.search(segment.text) and FICTION.search(segment.text))


# Inside information as the law has issuers publish it: an ad hoc announcement under Article
# 17 of the Market Abuse Regulation (EU 596/2014) says so at its head; it is public by then.
INSIDE_WORD = re.compile(
    r"(?i)inside|insider|privil[ée]gi|privilegiat|privilegiad|poufn|voorwetenschap"
)
PUBLISHED_INSIDE = re.compile(
    r"(?i)596/2014|\bMAR\b|\bad[- ]hoc\b|market abuse|Marktmissbrauch|abus de march[ée]"
    r"|abuso de mercado|abusi? di mercato|nadu[żz]y[ćc] na rynku|marktmisbruik"
)
# A blank form of a contract, a letter or a review, as its file is named ("NDA_template.docx",
# "Formulaire_entretien_annuel_vierge.docx"): its clauses and headings describe, not classify.
_BLANK_FORM_NAME = re.compile(
    r"(?i)template|Vorlage|Muster|mod[èe]le|plantilla|modello|sjabloon|szablon|wz[óo]r|modelo"
    # "blank" as a word of its own ("_vierge.docx"; not "Leerlingen", "Blankenberg")
    r"|(?<![^\W\d_])(?:blank|vierge|leer|vac[íi]o|en blanco|vuoto|in bianco|leeg|pust[yea]"
    r"|em branco)(?![^\W\d_])"
)


def blank_form(location: Location) -> bool:
    """Whether the text is an attachment named as a blank form or a template."""
    return location.part == "attachment" and _BLANK_FORM_NAME.search(location.name) is not None


# An attachment named as a specimen: "Facsimile_modulo_CIE.docx", "sample_form.pdf". (Not a
# "template": a filled-in template keeps its name.)
_SPECIMEN_NAME = re.compile(
    r"(?i)(?:^|[\W_])(?:fac-?simile|specimen|sample|example|esempio|exemple|ejemplo|voorbeeld"
    r"|wz[óo]r|przyk[łl]ad|exemplo|Beispiel)(?:[\W_]|$)"
)


def specimen_named(location: Location) -> bool:
    """Whether the part is an attachment whose name says it is a specimen of a form."""
    return location.part == "attachment" and _SPECIMEN_NAME.search(location.name) is not None


SECRET_KIND = re.compile(r"(?i)secret|geheim|tajne|segret|secreto|segredo|classifi")
# A legal footer: markers in the same paragraph are its boilerplate, not a classification.
DISCLAIMER = re.compile(
    r"(?i)received (?:this|it) (?:e-?mail |message )?in error|if you are not the (?:intended )?"
    r"(?:recipient|addressee)|notify the sender|unauthori[sz]ed (?:use|review|disclosure|copying"
    r"|distribution|dissemination)|strictly prohibited|disclaimer|per vergissing|per errore"
    r"|por (?:erro|error)|par erreur|irrt[üu]mlich|omy[łl]kowo|bestemd voor de geadresseerde"
    r"|confidentiality notice|intended (?:solely |only )?for the (?:named |intended )?(?:recipient|addressee)"  # noqa: E501
)
# The deal is public already: a press release that leaves only its price undisclosed.
PUBLIC_DEAL = re.compile(
    r"(?i)\b(?:announced today|today announced|(?:has|have) (?:announced|completed|closed)"
    r"|press release|for immediate release|announces|terms (?:of the \w+ )?(?:were|was|are) not disclosed"  # noqa: E501
    r"|undisclosed (?:sum|amount|price|fee)|heute bekannt|a annonc[ée]|anunci[óo] hoy"
    r"|heeft (?:vandaag )?bekendgemaakt|ha annunciato|og[łl]osi[łl]a|anunciou|persbericht"
    r"|comunicato stampa|komunikat prasowy|comunicado de imprensa|nota de prensa|communiqu[ée] de presse"  # noqa: E501
    r"|Pressemitteilung)"
)
# Said at a press conference already held (a planned one is a sign of the opposite).
_SAID = (
    r"(?:confirmed|announced|confirm[óo]|anunci[óo]|a (?:confirm[ée]|annonc[ée])"
    r"|hat (?:best[äa]tigt|angek[üu]ndigt)|ha (?:confermato|annunciato)|heeft (?:bevestigd"
    r"|aangekondigd)|potwierdzi[łl]\w*|og[łl]osi[łl]\w*|confirmou|anunciou)"
)
_PRESS_CONFERENCE = (
    r"(?:press conference|rueda de prensa|conf[ée]rence de presse|Pressekonferenz"
    r"|conferenza stampa|persconferentie|konferencj\w* prasow\w*|confer[êe]ncia de imprensa)"
)
# News of other people's cases and cuts, and a phishing drill's bait: a legal matter or a
# restructuring there is not ours.
REPORTED = re.compile(
    r"(?i)\b(?:in a (?:reported|recent) (?:[\w-]+ ){0,4}(?:case|judgment|decision|ruling)"
    r"|case law|the (?:court|tribunal|judge|EAT|Court of Appeal|Supreme Court)"
    r" (?:held|found|ruled|said|decided|rejected|agreed|upheld|dismissed|allowed)"
    r"|(?:was|were) (?:found|held) to be|(?:press|news) (?:article|report|reports|coverage)"
    r"|according to (?:the )?(?:press|media|reports|Reuters|Bloomberg)|simulated phishing"
    r"|phishing (?:test|simulation|exercise|drill|email)|das (?:Gericht|BAG|LAG) (?:hat|entschied)"
    r"|laut (?:Presse|Medienberichten|einem Bericht)|Pressebericht"
    r"|la cour (?:a jug[ée]|de cassation)|selon la presse|seg[úu]n la prensa"
    r"|el tribunal (?:ha )?(?:dictaminado|resuelto|condenado)|secondo la stampa"
    r"|la corte (?:ha )?(?:stabilito|deciso)|de rechter (?:heeft )?(?:bepaald|geoordeeld)"
    r"|volgens de media|s[ąa]d (?:orzek[łl]|uzna[łl])|wed[łl]ug medi[óo]w"
    r"|o tribunal (?:decidiu|condenou)"
    r"|segundo a imprensa"
    rf"|{_SAID}[^.\n]{{0,60}}{_PRESS_CONFERENCE}|{_PRESS_CONFERENCE}[^.\n]{{0,60}}{_SAID}"
    # as a newspaper reported it
    # (by a named paper, not "as reported in the board pack" or "by HR": that is ours)
    r"|(?:as reported (?:in|by)|comme l'a rapport[ée]|come riportato da|zoals gemeld door)"
    r" (?:the |le |la |il |de )?(?!(?i:board|HR|CEO|CFO|management|directie|CdA|direction"
    r"|direzione)\b)(?-i:[A-Z])\w*"
    r"|seg[úu]n (?:public[óo]|inform[óo])|jak poda[łl]\w*|conforme noticiado"
    # published already: a decision, a notice, a judgment (one to be published is the opposite)
    r"|widely reported|published (?:decision|judgment|ruling|notice|report)|as published"
    # a judgment by its date or its European Case Law Identifier (published case law)
    r"|ECLI:[A-Z]{2}:|in (?:a|its) judgment of|in een arrest van|dans (?:un|son) arr[êe]t du"
    r"|en (?:una|su) sentencia de|in una sentenza del|w wyroku z|num ac[óo]rd[ãa]o de"
    r"|in (?:einem|seinem) Urteil vom"
    r"|(?:was|were|has been|have been) published (?:this morning|today|yesterday|last|on|in)"
    r"|(?:wurde|wurden) (?:heute |gestern )?ver[öo]ffentlicht|(?:a|ont) [ée]t[ée] publi[ée]"
    r"|(?:fue|fueron) publicad[oa]s?|se public[óo]|(?:[èe] stat[oa]|sono stat[ie]) pubblicat"
    r"|(?:is|zijn) (?:vandaag |gisteren )?gepubliceerd|(?:zosta[łl]\w*|by[łl]\w*) opublikowan"
    r"|(?:foi|foram) publicad)\b"
)
# Figures the sender says it publishes itself ("every year we publish our service results in
# full, and this year's report is now on our website"): public, not an internal report.
WE_PUBLISH = re.compile(
    r"(?i)\b(?:we publish|published in full|(?:is|are) (?:now )?(?:on|available on) our website"
    r"|as (?:we said|we announced|announced) in our (?:announcement|press release|statement)"
    r"|as announced (?:on|in) (?:our|the) (?:website|press release|announcement)"
    r"|ver[öo]ffentlichen wir|auf unserer (?:Website|Webseite|Homepage)"
    r" (?:ver[öo]ffentlicht|abrufbar)|nous publions|(?:est|sont) (?:en ligne )?sur notre site"
    r"|publicamos|(?:est[áa]n?|disponibles?) en nuestra web|pubblichiamo"
    r"|(?:[èe]|sono) (?:disponibil[ei] )?sul nostro sito"
    r"|publiceren wij|(?:staat|staan) op onze website|publikujemy|(?:jest|s[ąa]) na naszej stronie"
    r"|(?:est[áa]|est[ãa]o) no nosso site)\b"
)
# A forwarded or quoted message from a news source (a newsletter, a press digest): what it
# says is reported, not ours. Its sender line names the source.
_NEWS_SENDER = re.compile(
    r"(?im)^[ \t>]*(?:From|Von|De|Da|Van|Od)[ \t]*:[^\n]*?(?<!intern)(?<!internal )"
    r"(?:newsletter|news\b|press\b|digest|headlines|bulletin|Pressespiegel|Presseschau"
    r"|Nachrichten|revue de presse|actualit[ée]s|infolettre|noticias|prensa|bolet[íi]n"
    r"|rassegna stampa|notizie|notiziario|nieuwsbrief|persoverzicht|nieuws\b|prasówka"
    r"|przegl[ąa]d prasy|wiadomo[śs]ci|not[íi]cias|clipping|imprensa)"
)
# The start of a forwarded or quoted earlier message.
_EARLIER = re.compile(
    r"(?im)^[ \t>]*(?:-{2,}[ \t]*[^\n]{0,40}(?:forward|weitergeleitet|transf[ée]r|reenviado"
    r"|inoltrato|doorgestuurd|przekazan|encaminhad|original|ursprüngliche|d'origine)[^\n]*"
    r"|(?:From|Von|De|Da|Van|Od)[ \t]*:[^\n]*)$"
)


def in_forwarded_news(text: str, pos: int) -> bool:
    """Whether `pos` sits in a forwarded or quoted message whose sender is a news source (the
    last earlier-message header before it names a newsletter or a press digest)."""
    headers = list(_EARLIER.finditer(text, 0, pos))
    if not headers:
        return False
    header = headers[-1]
    return _NEWS_SENDER.search(text, header.start(), min(pos, header.end() + 400)) is not None


# The embargo is over, said in the message itself ("the embargo lifted at 07:00", "seit 10 Uhr
# ist die Sperrfrist vorbei"): an embargo marker there is history. One to be lifted ("will be
# lifted at 9", "wird dann aufgehoben", "sera levé jeudi") is still an embargo.
_EMBARGO_OVER = re.compile(
    r"(?i)\b(?:embargo|Sperrfrist)\b[^.\n]{0,80}?"
    r"\b(?:(?:has |have )?(?:now )?(?:been )?lifted|(?:has|is) (?:now )?(?:over|ended|expired"
    r"|passed)|(?:ist |sind )?(?:jetzt |nun )?(?:vorbei|abgelaufen|aufgehoben)"
    r"|(?:a [ée]t[ée] |est )?lev[ée]e?|(?:est )?(?:termin[ée]|expir[ée])"
    r"|(?:se ha |ha sido |fue )(?:levantado|terminado|expirado)|(?:[èe] )?(?:scaduto|terminato"
    r"|revocato)|(?:is|zijn) (?:nu |al )?(?:opgeheven|verlopen|voorbij)|(?:zosta[łl]o )?"
    r"(?:zniesione|min[ęe][łl]o|wygas[łl]o)|foi levantado|terminou|expirou)"
    r"|\bno longer (?:under )?embargo"
)
# A lifting still to come, in the words of the same sentence.
_TO_COME = re.compile(
    r"(?i)\b(?:will|shall|to be|is lifted at|wird|werden|soll|sera|seront|va [êe]tre|ser[áa]"
    r"|se levantar[áa]|sar[àa]|verr[àa]|wordt|worden|zal|zostanie|b[ęe]dzie|vai ser|ir[áa])\b"
    r"|(?:tomorrow|morgen|demain|ma[ñn]ana|domani|jutro|amanh[ãa])\b"
)


# The word itself, in English and German (the other languages say "embargo" too).
EMBARGO_WORD = re.compile(r"(?i)embargo|Sperrfrist")


def says_embargo_over(text: str) -> bool:
    """Whether the text says its embargo has lifted (not that it will)."""
    return any(not _TO_COME.search(m.group()) for m in _EMBARGO_OVER.finditer(text))
