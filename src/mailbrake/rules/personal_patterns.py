"""The patterns of personal details, in each supported language (EN, DE, FR, ES, NL, IT, PL, PT)."""

from __future__ import annotations

import re

MONTHS = (
    r"jan(?:uary|vier|uar)?|feb(?:ruary|ruar)?|f[ée]vr(?:ier)?|mar(?:ch|s)?|m[äa]rz|apr(?:il)?|"
    r"avril|may|mai|jun(?:e|i)?|juin|jul(?:y|i)?|juil(?:let)?|aug(?:ust)?|ao[uû]t|septembre|octobre|"
    r"sep(?:t|tember)?|"
    r"oct(?:ober)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?|dez(?:ember)?|d[ée]c(?:embre)?|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
    # Dutch, Italian, Polish (nominative and the genitive of dates) and Portuguese.
    r"januari|februari|maart|mei|juni|juli|augustus|oktober|"
    r"gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|novembre|dicembre|"
    r"stycze[nń]|stycznia|luty|lutego|marzec|marca|kwiecie[nń]|kwietnia|maj|maja|czerwiec|czerwca|"
    r"lipiec|lipca|sierpie[nń]|sierpnia|wrzesie[nń]|wrze[sś]nia|pa[zź]dziernik|pa[zź]dziernika|"
    r"listopad|listopada|grudzie[nń]|grudnia|"
    r"janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro|dezembro"
)
DATE = (
    rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-](?:19|20)?\d{{2}}|(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}"
    rf"|(?:{MONTHS})\.? \d{{1,2}}(?:st|nd|rd|th)?,? (?:19|20)\d{{2}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th|er|º)?\.? (?:de )?(?:{MONTHS})\.? (?:de )?(?:19|20)\d{{2}})"
)
# The label alone is the trigger: every date of birth starts with one, and unlike the whole
# pattern (every language's month names) it fits an exact start-of-match database.
DOB_LABEL = re.compile(
    r"(?i)\b(?:(?:date of birth|d\.?o\.?b\.?|birth ?date|born(?: on)?|geburtsdatum|geboren(?: am)?"
    r"|date de naissance|n[ée]e? le|fecha de nacimiento|nacid[oa] el|data di nascita"
    r"|geboortedatum|geboren op|nat[oa] (?:il|a \w+ il)|data urodzenia|urodzon[ya]"
    r"|data de nascimento|nascid[oa] (?:em|a)|nasceu (?:em|a|no dia)|naci[óo] (?:el|en)"
    r"|urodzi[łl][ao]? si[ęe])\b|geb\.|ur\.)"
)
# The label before the date, or German's verb after it: "ist am 12. März 1979 geboren".
DOB = re.compile(
    DOB_LABEL.pattern + r"[^\n\d]{0,30}(" + DATE + ")"
    r"|(?i:\b(?:ist|wurde|bin|sind|war) am )(" + DATE + r")\s+(?:in [^\s,.]+\s+)?geboren\b"
)
DATE_RE = re.compile(rf"(?i)(?<![\d/.-]){DATE}(?![\d/])")
DOB_COLUMN = re.compile(
    r"(?i)\b(?:DOB|date of birth|birth ?date|born|geburtsdatum|date de naissance"
    r"|fecha de nacimiento|geboortedatum|data di nascita|data urodzenia|data de nascimento)\b"
)

HOME = re.compile(
    r"(?i)\b(?:home address(?:es)?|current address|residential address|private address"
    r"|billing address|lives at|living at|(?:cards|post|flowers|parcel)[^.\n]{0,20}at home"
    r"|wohnadresse|privatadresse|wohnhaft|(?:wohn|privat|heim)?anschrift"
    r"|adresse (?:personnelle|du domicile|priv[ée]e)"
    r"|domicile|domicilio|direcci[oó]n (?:particular|personal)"
    r"|woonadres|huisadres|thuisadres|priv[ée]adres|woont (?:op|aan|in de)"
    r"|indirizzo di (?:casa|residenza)|residente in|abita in"
    r"|adres (?:zamieszkania|domowy)|mieszka (?:przy|na ulicy)"
    r"|morada|endere[çc]o (?:residencial|de casa|pessoal)|reside na|mora na)\b[^\n]{0,40}?"
    # the address on the label's line, or on the next after a label's colon
    r"(?:[:\-]?[ \t]*|:[ \t]*\n[ \t]*)([^\n]{0,25}\d[^\n]{4,80})"
)
# A person's move, said in a sentence: "Her new address is 42 Hawthorn Rise", "Jonas wohnt
# jetzt in der Birkenstraße 14" (the move of an office or a shop is no person's; `personal`
# wants a person in the sentence and no "our").
MOVED = re.compile(
    r"(?i)\b(?:new (?:home )?address(?: is)?|moved house to|now lives (?:at|in)"
    r"|neue (?:Wohn|Privat)?(?:adresse|anschrift)|wohnt (?:jetzt |nun |seit \w+ )?(?:in der|im|am"
    r"|an der|auf der|in)|nouvelle adresse|a d[ée]m[ée]nag[ée]e? (?:au|[àa])"
    r"|habite (?:d[ée]sormais |maintenant )?(?:au|[àa]|rue)|nueva direcci[óo]n|se ha mudado a"
    r"|vive (?:ahora )?en (?:la )?(?:calle|c/|avenida|plaza)|nuovo indirizzo"
    r"|si [èe] trasferit[oa] (?:in|a)|abita (?:ora )?in via|nieuwe? (?:woon|huis)?adres"
    r"|is verhuisd naar|woont (?:nu )?(?:op|aan)|nowy adres|przeprowadzi[łl]\w* si[ęe] (?:na|do)"
    r"|mieszka (?:teraz )?(?:przy|na)|nova morada|novo endere[çc]o|mudou-se para"
    r"|mora (?:agora )?(?:na|em)"
    # where a person's post goes now, after a colon: "goes to his mum's: 14 Ashgrove Terrace"
    r"|(?:(?:his|her|their) (?:mum|mom|mother|dad|father|gran|grandma|partner|girlfriend"
    r"|boyfriend|sister|brother)['’]s|(?:bei (?:seiner|ihrer) (?:Mutter|Mama|Eltern)"
    r"|chez (?:sa m[èe]re|ses parents)|en casa de (?:su madre|sus padres)|a casa (?:di sua madre"
    r"|dei suoi)|bij (?:zijn|haar) (?:moeder|ouders)|u (?:jego|jej) (?:mamy|rodzic[óo]w)"
    r"|em casa d(?:a m[ãa]e|os pais) (?:dele|dela)))(?=(?: (?:house|place|flat|address))?\s?:))"
    r"\b[^\n]{0,40}?([^\n]{0,25}\d[^\n]{0,80})"
)
# Whose the new address is not: an office's, a shop's, our own.
OUR_PLACE = re.compile(
    r"(?i)\b(?:our|we|us|office|offices|store|shop|company|firm|practice|surgery|clinic|branch"
    r"|warehouse|depot|showroom|headquarters|HQ|unsere?[mnrs]?|wir|B[üu]ro|Praxis|Filiale|Firma"
    r"|notre|nos|nous|bureau|magasin|cabinet|soci[ée]t[ée]|nuestr\w+|oficina|tienda|empresa"
    r"|nostr\w+|ufficio|negozio|azienda|onze|wij|kantoor|winkel|praktijk|nasz\w*|biuro|sklep"
    r"|firm[ay]|nosso|nossa|escrit[óo]rio|loja"
    # premises of any kind: a head office, a venue, a building, a coworking space
    r"|sede|venue|premises|building|Geb[äa]ude|Standort|b[âa]timent|locaux|edificio|local"
    r"|gebouw|vestiging|budynek|siedzib\w+|edif[íi]cio|espa[çc]o|coworking)\b"
)
# Parts of the body that break, in each language, for an injury stated of somebody.
_BODY_EN = (
    r"(?:wrist|arm|leg|ankle|foot|hand|hip|shoulder|ribs?|knee|collarbone|finger|toe|nose|jaw)"
)
_BODY_DE = (
    r"(?:Handgelenk|Arm|Bein|Kn[öo]chel|Fu[ßs]|Hand|H[üu]fte|Schulter|Rippe|Knie|Schl[üu]sselbein"
    r"|Finger|Zeh|Nase)"
)
_BODY_FR = (
    r"(?:poignet|bras|jambe|cheville|pied|main|hanche|[ée]paule|c[ôo]te|genou|clavicule|doigt)"
)
_BODY_ES = (
    r"(?:mu[ñn]eca|brazo|pierna|tobillo|pie|mano|cadera|hombro|costilla|rodilla|clav[íi]cula)"
)
_BODY_IT = r"(?:polso|braccio|gamba|caviglia|piede|mano|anca|spalla|costola|ginocchio|clavicola)"
_BODY_NL = r"(?:pols|arm|been|enkel|voet|hand|heup|schouder|rib|knie|sleutelbeen|vinger)"
_BODY_PL = (
    r"(?:nadgarstek|r[ęe]k[ęe]|nog[ęe]|kostk[ęe]|stop[ęe]|biodro|bark|[żz]ebro|kolano|obojczyk)"
)
_BODY_PT = r"(?:pulso|bra[çc]o|perna|tornozelo|p[ée]|m[ãa]o|anca|quadril|ombro|costela|joelho)"
# Surgery said of oneself, in a message from the person it is about: no name is needed.
_SELF_HEALTH = (
    r"I(?:'m| am) (?:having|booked in for) (?:\w+ ){0,2}surgery|werde (?:\w+ ){0,4}operiert"
    r"|je (?:vais [êe]tre|serai) op[ée]r[ée]e?|me van a operar|ik word (?:\w+ ){0,4}geopereerd"
    r"|verr[òo] operat[oa]|b[ęe]d[ęe] operowan[ya]|vou ser operad[oa]"
)
HEALTH = re.compile(
    r"(?i)\b(?:diagnosed with|diagnosis:|signed off (?:sick|for)|on sick leave|sick note|fit note"
    r"|on medical leave|recovering from (?:treatment|surgery|an operation)|treatment for [a-z]"
    r"|starting treatment|prescribed (?:painkillers|medication|antidepressants|\w+ (?:tablets|pills))"  # noqa: E501
    r"|medication for|undergoing chemotherapy|injured (?:his|her|their) \w+|taken to A&E|hospitali[sz]ed"  # noqa: E501
    r"|admitted to hospital|(?:his|her) medical condition|occupational health report|injured person"
    # an injury or an operation of somebody's: "broke her wrist", "sich das Handgelenk gebrochen"
    rf"|(?:broke|broken|fractured|sprained|dislocated) (?:his|her|their|a) (?:left |right )?{_BODY_EN}"  # noqa: E501
    r"|(?:a |his |her |their )?torn (?:rotator cuff|ligament|cartilage|ACL|Achilles|meniscus)"
    rf"|\ba (?:fractured|broken|sprained|dislocated) (?:left |right )?{_BODY_EN}"
    r"|(?:his|her|their) (?:appendix|tonsils|gallbladder|wisdom teeth) (?:out|removed)"
    rf"|{_BODY_DE}\w* gebrochen"
    rf"|s['’]est (?:cass[ée]e?|fractur[ée]e?) (?:le|la|les|un|une) {_BODY_FR}"
    rf"|se (?:ha )?(?:roto|fracturado) (?:el|la|un|una) {_BODY_ES}"
    rf"|si [èe] rott[oa] (?:il|la|un|una|l['’]) ?{_BODY_IT}"
    rf"|(?:zijn|haar) {_BODY_NL} gebroken|z[łl]ama[łl]\w* (?:sobie )?{_BODY_PL}"
    rf"|(?:partiu|fraturou) (?:o|a|um|uma) {_BODY_PT}"
    r"|krankgeschrieben|arbeitsunf[äa]hig(?!keit)|Diagnose:|arr[êe]t maladie|cong[ée] maladie"
    r"|diagnostiqu[ée]|baja m[ée]dica|diagnosticad[oa]|im Krankenhaus|hospitalis[ée]"
    r"|hospitalizad[oa]|ziekgemeld|ziek thuis|arbeidsongeschikt|gediagnosticeerd"
    r"|opgenomen in het ziekenhuis"
    # a pregnancy's week or its due date, a prescription for her or him
    r"|(?:è|is|ist|est|est[áa]|jest|[ée]) (?:alla|in her|in der|à|en la|in de|w|na) \d{1,2}"
    r"(?:ª|st|nd|rd|th|\.|e|a)? ?(?:settimana|week|Woche|SSW|semaine|semana|tygodniu)"
    r"|(?:il parto|(?:her|\w+['’]s) due date|der Entbindungstermin|l['’]accouchement|el parto"
    r"|de bevalling"
    r"|termin porodu|o parto)\b[^.\n]{0,20}\b(?:è previsto|is|ist|est pr[ée]vu|est[áa] previsto"
    r"|is gepland|wypada|est[áa] previsto)"
    r"|(?:le|gli|her|him|ihr|ihm|lui|hem|haar|jej|jemu|lhe) (?:ha |hat |a |heeft |has )?"
    r"(?:prescritto|prescribed|verschrieben|prescrit|recetado|voorgeschreven|przepisa[łl]\w*"
    r"|receitou)"
    # What an occupational physician found about somebody.
    r"|betriebs[äa]rztliche[rn]? (?:Stellungnahme|Gutachten|Attest)"
    r"|avis (?:d'aptitude )?du m[ée]decin du travail|(?:volgens|advies van) de bedrijfsarts"
    r"|(?:parere|giudizio) del medico competente|orzeczeni\w* lekarza medycyny pracy"
    r"|informe del m[ée]dico del trabajo|parecer do m[ée]dico do trabalho"
    r"|in malattia|certificato medico|diagnosticat[oa]|ricoverat[oa]|in congedo per malattia"
    r"|zwolnieni[eu] lekarski\w*|zdiagnozowan[oay]|w szpitalu|na L4|chorobow\w+"
    r"|baixa m[ée]dica|atestado m[ée]dico|internad[oa]|de licen[çc]a m[ée]dica"
    # Surgery and pregnancy, stated as facts of a person (HE_SHE must be in the sentence).
    r"|(?:having|had|has|needs) (?:\w+ ){0,2}surgery|surgery (?:on|next)|(?:hip|knee) replacement"
    # (the adjective, not the noun: "zwangerschap", "Schwangerschaft" are pregnancy as a topic)
    r"|pregnant|wird operiert|schwanger(?:e[nrm]?)?\b|se fait op[ée]rer|sera op[ée]r[ée]e?"
    r"|enceinte|le operan|la operan|embarazada\b|wordt geopereerd|nieuwe (?:heup|knie)"
    r"|zwangere?\b|verr[àa] operat[oa]|incinta\b|operowan[ya]|w ci[ąa][żz]y"
    r"|vai ser operad[oa]|gr[áa]vida\b|" + _SELF_HEALTH + ")"
)
SELF_HEALTH = re.compile(rf"(?i){_SELF_HEALTH}")
# Speculation about somebody's health is gossip, not a health fact (the corpus's labelling
# rules): a guess, a wager or a question in the sentence.
SPECULATION = re.compile(
    r"(?i)\?|\b(?:I(?:'d| would)? bet|put money on|my money(?:'s| is) on|wouldn't be surprised"
    r"|I wonder|wondering if|maybe|perhaps|I have a feeling|vielleicht|ich hab(?:e)? das Gef[üu]hl"
    r"|peut-[êe]tre|j['’]ai l['’]impression|quiz[áa]s?|tal vez|tengo la sensaci[óo]n|forse"
    r"|ho la sensazione|misschien|ik heb het gevoel|mo[żz]e|mam wra[żz]enie|talvez"
    r"|tenho a sensa[çc][ãa]o"
    r"|I reckon|my guess|must be|rumou?rs?|could (?:she|he) be|looks like (?:she|he)"
    r"|wette|w[üu]rde wetten|vermutlich|ob (?:sie|er) wohl|Ger[üu]cht\w*"
    r"|je (?:te |vous )?parie|parions|je me demande|(?:il|elle) doit [êe]tre|rumeur\w*|on dirait qu"
    r"|(?:te )?apuesto|me pregunto|seguro que est[áa]|rumor\w*|dicen que"
    r"|wedden dat|ik wed|ik vraag me af|zou (?:ze|hij) .{0,20}zijn|gerucht\w*"
    r"|scommetto|mi chiedo|chiss[àa]|voci|si dice che"
    r"|za[łl]o[żz][ęe] si[ęe]|ciekawe czy|chyba|podobno|plotk\w+"
    r"|aposto|ser[áa] que|dizem que|boato\w*"
    # an opinion about somebody's body is a guess too: "secondo me la Ferri è incinta"
    r"|I (?:think|suspect|guess)|in my opinion|ich (?:glaube|denke|vermute)|meiner Meinung nach"
    r"|je (?:pense|crois|soup[çc]onne)|[àa] mon avis|creo que|me parece que|en mi opini[óo]n"
    r"|volgens mij|ik denk dat|ik vermoed|secondo me|a mio (?:parere|avviso)|credo che"
    r"|moim zdaniem|my[śs]l[ęe],? [żz]e|wydaje mi si[ęe]|acho que|na minha opini[ãa]o)"
)
# A third person in the sentence, in each supported language (EN, DE, FR, ES, NL, IT, PL, PT);
# "the patient" is one particular person too.
# A rule for whoever it applies to, not a fact about somebody: "if you're pregnant", "once an
# employee tells us she is pregnant", "anyone on sick leave", "wer krankgeschrieben ist".
GENERIC_PERSON = re.compile(
    r"(?i)\b(?:if you|once|whenever|anyone|anybody|any (?:employee|member of staff|colleague"
    r"|worker|one)|an employee|employees|staff (?:who|members who)|workers|colleagues who"
    r"|those who|people who|everyone who|every (?:employee|worker)"
    r"|wenn Sie|falls Sie|wer|jede[rn]? (?:Mitarbeiter\w*|Besch[äa]ftigte\w*)|alle Besch[äa]ftigten"
    r"|si vous|lorsqu'un|tout(?:e)? salari[ée]e?|les salari[ée]s|quiconque|si (?:usted|est[áa]s)"
    r"|cualquier (?:emplead[oa]|persona)|quien|los empleados|chiunque|qualsiasi dipendente"
    r"|i dipendenti|ogni dipendente|se (?:sei|siete)|als (?:je|u)|iedereen die|medewerkers die"
    r"|elke medewerker|je[śs]li|je[żz]eli|ka[żz]dy pracownik|pracownicy|kto|se (?:estiver|for)"
    r"|qualquer (?:colaborador|pessoa)|quem|os colaboradores"
    # a question to the reader
    r"|are you|ben je|bent u|bist du|sind sie|[êe]tes-vous|es-tu|est[áa]s|est[áa] usted"
    r"|jeste[śs]|sei incinta"
    # a case put as a condition: "si le coureur dit qu'il a une allergie", "if a runner says"
    r"|if (?:a|the) \w+ (?:says|has|is|tells|feels)|si (?:le|la|un|une|el|un|una) \w+"
    r"|wenn (?:ein|eine|der|die) \w+|als (?:een|de) \w+|se (?:un|una|il|la|um|uma|o|a) \w+"
    r"|je[śs]li \w+"
    # an employee or a child in general, whoever it is: "as soon as the employee tells you she's
    # pregnant", "een medewerker meldt dat ze zwanger is", "si votre enfant présente une
    # allergie", "chi ha allergie lo segnali"
    r"|the employee|een medewerker|ein(?:e)? Mitarbeiter(?:in)?|un(?:e)? salari[ée]e?"
    r"|un(?:a)? emplead[oa]|un(?:a)? dipendente|pracownik|pracownica|um(?:a)? colaborador(?:a)?"
    r"|if your|si votre|si tu|si su|wenn Ihr|als uw|als je kind|se il vostro|se o seu"
    r"|je[śs]li (?:twoje|wasze)|chi ha|chi [èe]|qui a|wie heeft|kto ma|quem tem)\b"
)
# A group named as such, not a person: "Schwangere Kolleginnen: bitte sprecht uns an".
A_GROUP = re.compile(
    r"(?i)\b(?:schwangere (?:Kolleginnen|Mitarbeiterinnen)|pregnant (?:colleagues|employees|staff)"
    r"|(?:coll[èe]gues|salari[ée]es) enceintes|(?:compa[ñn]eras|trabajadoras) embarazadas"
    r"|(?:colleghe|lavoratrici|dipendenti) (?:in gravidanza|incinte)"
    r"|zwangere (?:collega'?s|medewerkers)|(?:pracownice|kobiety) w ci[ąa][żz]y"
    r"|(?:colegas|trabalhadoras) gr[áa]vidas)\b"
)
HE_SHE = re.compile(
    r"(?i)\b(?:he|she|his|her|him|er|sie|ihm|ihr|elle|lui|él|ella|hij|zij|ze|hem|haar"
    # French "il" (he) only before a verb or a pronoun: in Italian "il" is the article.
    r"|il(?=\s+(?:est|a|avait|aura|[ée]tait|sera|va|allait|doit|devait|peut|pourra|fait|dit"
    r"|prend|part|revient|reste|souffre|ne|n['’]|s['’]|se|lui|l['’]|le|la|les|m['’]|me|y)\b)"
    # Polish "on" (he) only before a verb or a preposition: in English "on" is everywhere.
    r"|lei|suo|sua|on(?=\s+(?:jest|ma|mia[łl]|by[łl]|b[ęe]dzie|nie|si[ęe]|zosta[łl]|ju[żz]|te[żz]"
    r"|w|na|z|od|po))|ona|jego|jej|niego|niej|ele|ela|dele|dela"
    r"|the patient|der Patient|die Patientin|le patient|la patiente|el paciente|la paciente"
    r"|de pati[ëe]nt|il paziente|la paziente|pacjent|pacjentka|o paciente|a paciente)\b"
)
MONEY = (
    r"(?:(?:[£$€]|R\$|PLN|EUR)\s?\d[\d,.]*\s?(?:k|m|million)?"
    r"|\d[\d,. ]*\s?(?:€|EUR|USD|GBP|euros?|dollars|z[łl]|PLN|z[łl]otych|MXN|pesos))"
)
SALARY = re.compile(
    rf"(?i)\b(?:salary|salaries|base pay|annual pay|pay rise|compensation|gehalt|jahresgehalt"
    rf"|salaire|r[ée]mun[ée]ration|salario|sueldo|salaris|brutosalaris|jaarsalaris|maandsalaris"
    rf"|loon|stipendio|retribuzione|RAL|wynagrodzeni\w*|pensj\w+|sal[áa]rio|vencimento|remunera[çc][ãa]o"
    rf"|ordenado)\b[^\n]{{0,60}}?{MONEY}"
)
SALARY_NOT_PERSONAL = re.compile(
    r"(?i)\b(?:range|band|between|up to|from \S+ to \S+ depending|depending on|competitive"
    r"|average|median|market rate|per annum for the role|budget|Gehaltsband|zwischen|fourchette"
    r"|entre|rango|bandbreedte|schaal|tussen|afhankelijk van|fascia|compres[oa] tra|a seconda"
    r"|wide[łl]ki|przedzia[łl]|w zale[żz]no[śs]ci|faixa|dependendo|consoante"
    # job adverts, in each language
    r"|vacancy|hiring|job (?:opening|advert)|Stellen(?:anzeige|angebot)|wir suchen|offre d'emploi"
    r"|nous recrutons|oferta de (?:empleo|trabajo)|vacature|we zoeken|offerta di lavoro|cerchiamo"
    r"|oferta pracy|zatrudni(?:my|)|vaga|procuramos|stiamo cercando|we are looking for"
    r"|nous cherchons|buscamos|szukamy|seg[úu]n (?:experiencia|val[íi]a)|je nach (?:Erfahrung"
    r"|Qualifikation)|selon (?:exp[ée]rience|profil)|in base all['’]esperienza"
    r"|afhankelijk van ervaring|consoante (?:a )?experi[êe]ncia|conforme (?:a )?experi[êe]ncia)\b"
    # a range with the currency after the first amount: "21.500 € – 24.000 €"
    r"|\d[\d.,]*\s?(?:€|EUR|£|z[łl]|PLN)\s?[–—-]\s?[£$€]?\s?\d"
    # a range in words: "tra 32.000 e 40.000", "between 40,000 and 48,000"
    r"|\b(?:tra|between|entre|zwischen|tussen|od)\s+[£$€]?\s?\d[\d.,]*(?: \d{3})*\s?"
    r"(?:k|z[łl]|PLN|EUR|CHF|[£$€])?\s+(?:e|and|et|y|und|en|do)\s+[£$€]?\s?\d"
    # "ein Jahresgehalt von 48.000 bis 58.000 €", "van € 3.200 tot € 4.100" (where "from £90k to
    # £92k", "passe de 30 000 à 32 000 €" is more often a rise than a range)
    r"|\b(?:von|van)\s+[£$€]?\s?\d[\d.,]*\s?k?\s?[£$€]?\s+(?:bis|tot)\s+[£$€]?\s?\d"
    # an amount range written with a dash: "€2.650 – €3.100"
    r"|(?:[£$€]|R\$)\s?\d[\d.,]*\s?k?\s?[–—-]\s?(?:[£$€]|R\$)?\s?\d"
    # (thousands may be grouped with spaces: "6 500–7 800 zł")
    r"|\d(?:[\d.,]|[ \u00a0\u202f]\d)*\s?[–—-]\s?\d(?:[\d.,]|[ \u00a0\u202f]\d)*\s?"
    r"(?:€|EUR|euros?|z[łl]|PLN|USD|GBP)"
)
# A job advert, anywhere in the part: the pay it states is the post's, whoever left the post
# ("following the retirement of Geoffrey Hale ... Salary: £52,400 per annum").
JOB_ADVERT = re.compile(
    r"(?i)\b(?:invites applications|applications are invited|closing date for applications"
    r"|apply (?:online|now|today|via|at)\b|closing date:"
    r"|how to apply|we are recruiting|Stellenausschreibung|Bewerbungsschluss|wir suchen (?:zum|ab)"
    r"|offre d['’]emploi|date limite de candidature|oferta de empleo|env[íi]a tu (?:CV|curr[íi]culum)"  # noqa: E501
    r"|bando di concorso|concorso pubblico|oposiciones|concurso p[úu]blico|avis de (?:recrutement"
    r"|concours)|nab[óo]r na (?:wolne )?stanowisk\w*|og[łl]oszenie o naborze"
    r"|vacature|solliciteren kan|offerta di lavoro|invia(?:te)? (?:il )?(?:tuo |vostro )?(?:CV"
    r"|curriculum)|oferta pracy|aplikuj|prze[śs]lij CV|candidaturas? (?:at[ée]|para)|envie o (?:seu )?CV)"  # noqa: E501
    r"\b"
)
# The statutory wage floor, which is nobody's own pay: "el salario mínimo (SMI) para 2025 en
# 1.184 euros", "minimalne wynagrodzenie wyniesie 4 666 zł".
WAGE_FLOOR = re.compile(
    r"(?i)\b(?:minimum|SMIC|SMI|salaire minimum|salario m[íi]nimo|minimaln\w*|sal[áa]rio m[íi]nimo"
    r"|salario minimo|Mindest\w*|minimo legale)\b"
)
MONEY_RE = re.compile(MONEY)
SALARY_COLUMN = re.compile(
    r"(?i)salary|gehalt|salaire|salario|compensation|salaris|stipendio|retribuzione"
    r"|wynagrodzenie|pensja|sal[áa]rio|remunera[çc][ãa]o"
)
PHONE = r"(?:\+?\d[\d ()./-]{7,17}\d)"
PERSONAL_PHONE = re.compile(
    rf"(?i)\b(?:personal (?:mobile|phone|cell|number)|private (?:mobile|phone|number)"
    rf"|home (?:phone|number|tel)|privatnummer|handy privat"
    rf"|portable perso\w*|m[óo]vil personal|tel[ée]fono personal"
    rf"|priv[ée]nummer|mobiel priv[ée]|cellulare personale"
    rf"|numero personale|telefon prywatny|prywatny numer"
    rf"|telem[óo]vel pessoal|celular pessoal|n[úu]mero pessoal)\b"
    rf"[^\n\d+]{{0,40}}({PHONE})"
    # An emergency contact is named before the number ("for Olivia: her partner, Mark, mobile").
    rf"|(?i:\b(?:emergency contact|Notfallkontakt|contact d'urgence|en cas d'urgence"
    rf"|contacto de emergencia|noodcontact|contatto di emergenza|kontakt awaryjny"
    rf"|(?:kontakt\w*|osob\w+ do kontaktu) w nag[łl]ych wypadkach|contacto de emerg[êe]ncia)\b)"
    rf"[^\n\d+]{{0,100}}({PHONE})"
)
SORT_CODE = re.compile(r"(?i)\bsort ?code\b[^\n\d]{0,12}(\d{2}[- ]\d{2}[- ]\d{2})")
ACCOUNT = re.compile(
    r"(?i)\b(?:account(?: number| no\.?| #)?|acct|kontonummer|num[ée]ro de compte"
    r"|n[úu]mero de cuenta|rekeningnummer|numero di conto|numer konta|n[úu]mero de conta)"
    # (not a customer account's "B-0093312": a letter before the digits makes it a reference)
    r"\b[^\n\d]{0,8}(?<![A-Za-z])(?<![A-Za-z]-)(\d{6,17})\b"
)
BANK_CONTEXT = re.compile(
    r"(?i)\b(?:sort ?code|routing|bank|IBAN|deposit|BLZ|BIC|payroll|salary|banco|banca|banque"
    r"|rekening|conto|konto|conta|Gehalt|salaris|stipendio|wynagrodzenie|sal[áa]rio)\b"
)
