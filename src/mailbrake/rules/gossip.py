"""Gossip: disparaging or private remarks about named colleagues (a weighted cue lexicon).

Each paragraph is scored by the gossip cues it contains; a paragraph that reaches the
threshold and names somebody is a finding. Weights: 2 = a cue that is gossip on its own
when a person is named, 1 = a cue that needs a second one.
"""

from __future__ import annotations

import re

from mailbrake.models import Category, Confidence, Finding, TextSegment
from mailbrake.rules.base import Detector, finding, hits_within
from mailbrake.rules.names import has_person

NAME = "gossip"
THRESHOLD = 2

_WHO = r"(?:his|her|their|\w+['’]s)"
CUES: tuple[tuple[int, str, str], ...] = (
    # secrecy around a remark about someone
    (1, "secrecy", r"between (?:you and me|us|ourselves)|don'?t tell (?:anyone|anybody|him|her)"
     r"|don'?t (?:say|repeat) (?:anything|that|this)|you didn'?t hear (?:it|this) from me"
     r"|keep (?:this|it) between us|not (?:my|our) place to say|off the record"
     r"|unter uns|sag(?:'s)? (?:es )?niemandem|entre nous|ne (?:le )?dis (?:rien )?[àa] personne"
     r"|no se lo (?:cuentes|digas) a nadie|entre t[úu] y yo"
     # "between us", in the other languages
     r"|(?:tak )?mi[ęe]dzy nami|tra (?:di )?noi|(?:c[áa] )?entre n[óo]s|onder ons(?: gezegd)?"
     r"|entre nosotros|keep (?:that|this|it)(?: one)? under your hat"
     # "don't repeat it", in the other languages
     r"|no lo comentes|no se lo digas a nadie|ne le r[ée]p[èe]te pas|sag(?:'s| es)? nicht weiter"
     r"|non dirlo in giro|zeg het niet verder|nie m[óo]w nikomu"
     r"|n[ãa]o (?:comentes|digas a ningu[ée]m)"),
    (1, "rumour", r"rumou?r (?:is|has it)|apparently (?:she|he|they)\b|i heard (?:that )?\w+ (?:is|was|has)"  # noqa: E501
     r"|heard from someone|did you hear|did (?:you|anyone else) see|word is|pretty sure (?:she|he|\w+) is"  # noqa: E501
     r"|my money'?s on|i reckon|i'?d bet|everyone knows|we all know what that means|guess who"
     r"|dicen que|on dit que|angeblich|es hei[ßs]t"
     # "everyone knows", "I bet", in the other languages
     r"|tout le monde(?: [^.\n]{0,20})? (?:le sait|sait|est au courant)|todo el mundo (?:lo )?sabe"
     r"|tutti (?:lo )?sanno|iedereen weet|ca[łl]a firma wie|wszyscy wiedz[ąa]|toda a gente sabe"
     r"|alle wissen|jeder wei[ßs]|ich tippe auf|c[áa] para mim|je parie que|scommetto che"
     r"|ik wed dat|za[łl]o[żz][ęe] si[ęe]"
     # "apparently", "we all know", in the other languages
     r"|podobno|blijkbaar|anscheinend|apparemment|a quanto pare|pelos vistos|por lo visto"
     r"|wszyscy (?:ju[żz] )?wiemy|on sait tous|todos sabemos|sappiamo tutti|we weten allemaal"
     r"|wir wissen (?:doch )?alle"
     # "everyone can see it", "everyone's talking", in each language
     r"|every(?:one|body) (?:can see|sees|has noticed|is talking)|wszyscy to widz[ąa]"
     r"|wszyscy (?:o tym )?m[óo]wi[ąa]|tout le monde (?:le )?voit|tout le monde en parle"
     r"|todo el mundo (?:lo ve|comenta|habla)|lo vedono tutti|tutti ne parlano|iedereen ziet het"
     r"|iedereen heeft het erover|alle sehen es|alle reden dar[üu]ber"
     r"|toda a gente (?:v[êe]|comenta)|every(?:one|body) saw|you'?ll never guess"
     # "is it true that ...?", in each language
     r"|is it true (?:that )?(?:he|she|\w+)|(?:whether|if) it'?s true (?:that )?(?:he|she|\w+)"
     r"|(?:ob )?(?:es )?stimmt(?: es)?,? dass|(?:est-ce|si c['’]est) vrai qu|es verdad que"
     r"|[èe] vero che|(?:of )?het klopt dat|klopt het dat|czy to prawda,? [żz]e|[ée] verdade que"
     r"|word (?:in|on|around) the [\w ]{1,20} is|officieusement|unofficially|inoffiziell"
     r"|extraoficialmente|ufficiosamente|nieoficjalnie|oficiosamente"
     r"|diz-se|dizem que|si dice che|se dice que|man sagt|ze zeggen dat|m[óo]wi si[ęe]"
     # "the whole lab knows", "tout l'atelier sait"
     r"|(?:the )?whole (?:office|team|floor|lab|department|depot|shop|ward|site) knows"
     r"|tout (?:l['’]\w+|le \w+|la \w+) (?:le )?sait|das ganze \w+ wei[ßs]|todo el \w+ lo sabe"
     r"|tutt[oa] l['’]?\w+ lo sa|(?:inmiddels )?het hele \w+ weet|ca[łl]y \w+ wie"
     r"|toda a \w+ sabe"),
    (1, "talk", r"\bgossip\b|storm(?:ed)? out|hate[sd]? each other|\bmeltdown\b|such a mess"
     r"|going on at home|\bdivorce\b|\bsleeping with\b|\bdating\b|\baffair\b"
     r"|div[óo]rcio|Scheidung|scheiding|rozw[óo]d\w*|divorzio"
     r"|cherch\w+ ailleurs|looking (?:for )?(?:something|a job) elsewhere|job[- ]hunting"
     r"|sucht (?:schon |wohl )?(?:was|etwas) (?:anderes|Neues)|busca(?:ndo)? otro trabajo"
     r"|cerca(?:ndo)? (?:un )?altro lavoro|zoekt (?:al )?(?:iets anders|ander werk)"
     r"|szuka (?:innej|nowej) pracy|(?:à procura|a procurar) de outro (?:emprego|trabalho)"
     r"|changed the locks|living out of (?:a|the|his|her) (?:hotel|car|Premier Inn|B&B)"
     r"|the state of (?:him|her)\b"
     r"|in de schulden|deep in debt|in debt again|verschuldet|endeudad[oa]|indebitat[oa]"
     r"|zad[łl]u[żz]on\w*|endividad[oa]|cribl[ée] de dettes|deurwaarder|bailiffs?"
     r"|Gerichtsvollzieher|huissiers?|ufficiale giudiziario|komornik\w*"
     r"|gambling|apostas online|d[íi]vidas de jogo|Spielschulden|dettes de jeu|deudas de juego"
     r"|debiti di gioco|gokschulden|d[łl]ugi hazardowe|on LinkedIn all (?:week|day)"
     r"|no le renuevan|not renewing (?:his|her) contract"
     r"|won'?t (?:be )?renew(?:ing|ed)? (?:his|her)"
     r"|thuis niet goed|zu Hause nicht gut|probl[èe]mes? (?:à la maison|de couple)"
     r"|problemas en casa|problemi a casa|problemy w domu|problemas em casa"
     # "they're together", as a couple
     r"|sont ensemble|est[áa]n juntos|stanno insieme|zijn samen|s[ąa] razem|est[ãa]o juntos"
     r"|sind zusammen"
     # sharing a bed, said of colleagues
     r"|(?:shares?|sharing) (?:a|the|her|his) bed with|partage (?:le|son) lit|comparte cama con"
     r"|va a letto con|(?:het )?bed deelt met|sypia z|dorme com|schl[äa]ft mit"),
    (2, "relationship", r"seeing each other|(?:having|had) an affair|hooking up"
     r"|left [^.\n]{0,30} together|spotted (?:leaving|kissing|together)"
     rf"|{_WHO} (?:wife|husband|partner) (?:has no idea|doesn'?t know|is leaving|left|moved out"
     r"|(?:has )?(?:thrown|kicked|threw) (?:him|her) out)|hat ihn rausgeworfen"
     r"|l['’]a mis(?:e)? [àa] la porte|lo ha echado de casa|l['’]ha cacciat[oa] di casa"
     r"|heeft hem eruit gezet|wyrzuci[łl]a go z domu|p[ôo]s-no fora de casa"
     r"|(?:getting|going through) a divorce|marriage is (?:over|falling apart)|\"talking\""
     r"|lo va a dejar|la va a dejar|tiene una aventura|une liaison|eine Aff[äa]re"
     # "she's carrying on with him", in the other languages
     r"|est[áa]n? liad[oa]s? con|tiene un l[íi]o con|le pone los cuernos|(?<!se )(?<!me )(?<!te )couche avec|trompe (?:sa femme"  # noqa: E501
     r"|son mari)|hat (?:was|etwas) mit (?:dem|der)|betr[üu]gt (?:seine Frau|ihren Mann)"
     r"|heeft iets met|gaat vreemd|ha una storia con|tradisce (?:la moglie|il marito)"
     r"|ma romans z|zdradza (?:[żz]on[ęe]|m[ęe][żz]a)|tem um caso com|trai (?:a mulher|o marido)"
     # "is Leanne still seeing Craig?"
     r"|\bis (?-i:[A-Z][a-z]+) (?:still )?seeing (?-i:[A-Z][a-z]+)"
     # all over each other, kissing
     r"|acaramelad\w+|muy juntitos|all over each other|se besaban|s'embrassaient|si baciavano"
     r"|zoenden|knutschten|ca[łl]owali si[ęe]|aos beijos"),
    # an insinuation: a cover story or an illness in scare quotes, said of someone ("since she
    # started 'working late' with ...", "his usual 'liquid lunch'", jego „grypa żołądkowa")
    (2, "insinuation", r"(?:\b(?:his|her|their|he|she|they|sa|son|ses|elle|sein\w*|ihr\w*|er|sie"
     r"|[ée]l|ella|suo|sua|lui|lei|zijn|haar|hij|zij|jego|jej|ona|seu|ele|ela|dele|dela)"
     r"\s(?:\w+\s){0,3}|\b(?:a|an|another|again|also|too|wieder|encore|otra vez|di nuovo|weer"
     r"|znowu|te[żz]|outra vez)\s)[„“\"«‘'] ?(?:working late|late nights?"
     r"|liquid lunch(?:es)?|business trips?|overtime|stomach bug|flu|migraines?|bad back"
     r"|back problems?|family emergenc(?:y|ies)|doctor'?s appointments?"
     r"|dentist(?:'?s)?(?: appointments?)?"
     r"|travaill\w* tard|heures sup\w*|gastro|grippe|d[ée]placements?|[ÜU]berstunden|Migr[äa]ne"
     r"|Grippe|Magen-Darm\w*|Dienstreisen?|länger arbeiten|hasta tarde|gripe|migra[ñn]as?"
     r"|viajes? de trabajo|horas extra|fino a tardi|influenza|emicrani\w|trasfert\w|straordinari"
     r"|overwerk\w*|griep|zakenreis\w*|laat doorwerken|grypa(?: [żz]o[łl][ąa]dkowa)?|migren\w"
     r"|delegacj\w+|nadgodzin\w+|do p[óo][źz]na|at[ée] tarde|enxaquecas?|viagens? de trabalho"
     r"|sick|ill|chor[eay]|krank\w*|malade|enferm[oa]|malat[oa]|ziek|doente|animad[oa])"
     r" ?[“”\"»’']"
     rf"|{_WHO} (?:usual |daily |regular |weekly |long )?liquid lunch"),
    (1, "insult", r"\buseless\b|\bclueless\b|\bincompetent\b|\bidiot\b|\bmoron\b|\blazy\b|\bpathetic\b"  # noqa: E501
     r"|\ba disaster\b|\bembarrassing\b|what a joke|\bcringe\b|\bugly\b|\binutil\b|unf[äa]hig"
     r"|(?:he|she)(?:'s| is| has been) coasting"
     # "won't understand a thing, as usual"
     r"|non capi(?:sce|r[àa]) (?:niente|nulla)|versteht (?:mal wieder )?nichts|ne comprend(?:ra)? rien"  # noqa: E501
     r"|no se entera(?:r[áa])? de nada|snapt er (?:weer )?niks van|nic nie rozumie|n[ãa]o percebe nada"  # noqa: E501
     # "a disaster", in the other languages
     r"|una desgracia|un desastre|un disastro|eine Katastrophe|une catastrophe|een ramp"
     r"|katastrof[aą]|uma desgra[çc]a"
     r"|no sabe ni|ne sait m[êe]me pas|non sa nemmeno|wei[ßs] (?:nicht mal|nicht einmal)"
     r"|weet niet eens|nie umie nawet|nem sabe"),
    (2, "competence", r"out of (?:his|her|their) depth|total fraud|has no idea what|no idea what (?:we|he|she)"  # noqa: E501
     r"|(?:hasn'?t|has not|doesn'?t have|does not have) (?:got )?(?:a|the (?:faintest|slightest)) (?:clue|idea) (?:how|what)"  # noqa: E501
     r"|couldn'?t answer a single|(?:how|why) (?:on earth |the hell )?did (?:he|she) get (?:promoted|hired|the job)"  # noqa: E501
     r"|only got (?:promoted|it|the job|hired) because|does nothing but|waste of space"
     # "how did he ever get his press card / the job", in the other languages
     r"|comment (?:il|elle) a (?:eu|obtenu|d[ée]croch[ée]) (?:sa|son|le|la) \w+"
     r"|c[óo]mo (?:consigui[óo]|sac[óo]) (?:el|su) (?:puesto|trabajo|t[íi]tulo|carn[ée])"
     r"|wie (?:der|die|er|sie) (?:an )?(?:den|die|seinen|ihren) (?:Job|Posten|Stelle) gekommen"
     r"|come (?:abbia|ha) (?:avuto|ottenuto) (?:il|la) (?:posto|lavoro|tesserino)"
     r"|hoe (?:hij|ze) aan (?:die|zijn|haar) (?:baan|functie) (?:is )?gekomen"
     r"|jak (?:on|ona) dosta[łl]a? (?:t[ęe] )?prac[ęe]"
     r"|como (?:[ée] que )?(?:ele|ela) (?:conseguiu|arranjou) (?:o|a) (?:lugar|emprego|carteira)"
     r"|the only reason (?:he|she|they) (?:was|were|got) (?:taken on|hired|promoted|kept)"
     # a job got through family or a favour
     r"|(?:being|is|he's|she's|siendo|es|è|est|ist|is|jest|[ée]) (?:the |el |la |il |le |de |o |a )?"  # noqa: E501
     r"(?:son|daughter|nephew|niece|sobrin[oa]|hij[oa]|figli[oa]|nipote|fils|fille|neveu|ni[èe]ce"
     r"|Sohn|Tochter|Neffe|Nichte|zoon|dochter|neef|syn|c[óo]rka|bratan\w+|filh[oa]|sobrinh[oa])"
     r" (?:of|de|del|della|di|des|der|von|van|do|da) (?:the |la |el |il |le |de |o |a )?"
     r"(?:boss|director|directora?|owner|MD|CEO|titolare|direttore|directeur|directrice|patron"
     r"|Chef\w*|Inhaber\w*|directeur|eigenaar|prezes\w*|dyrektor\w*|diretor\w*|dono|commercialista)\b"
     r"|(?:married to|sposato con|marié à|casado con|getrouwd met) (?:the |\w+['’]s )(?:boss|daughter|son)"  # noqa: E501
     r"|\benchufad[oa]\b|por enchufe|per raccomandazione|raccomandat[oa]|pistonn[ée]|Vitamin B"
     r"|via een kruiwagen|po znajomo[śs]ci|por cunha"
     r"|(?<!\bI )(?<!\bwe )(?<!\byou )(?:can'?t|couldn'?t) \w+ (?:a|an|the) [^.\n,]{1,40},?"
     r" (?:never mind|let alone)"
     r"|(?<!\bI )(?<!\bwe )(?<!\byou )(?:can'?t|couldn'?t) even (?:find|switch on|turn on|open"
     r"|work|use|spell)"
     r"|findet (?:ja )?nicht (?:mal|einmal) (?:den|die|das)|ne (?:trouve|sait) m[êe]me pas"
     r"|no (?:encuentra|sabe) ni (?:el|la|encender|reiniciar)|non (?:trova|sa) nemmeno"
     r"|vindt niet eens|nem (?:encontra|sabe) (?:o|a|ligar)"
     r"|couldn'?t (?:organi[sz]e|plan|run|manage|find|sell|lead|park|fix|drive|boil|cook|spell"
     r"|count) (?:a|an|the) [^.\n]{1,40}"
     r" (?:if (?:you|he|she|his|her)|in a)"
     r"|lied on (?:his|her) (?:CV|resume)|can someone please mute|how (?:he|she) still has a job"
     # "how he ever passed his probation / the interview", in each language
     r"|how (?:he|she) (?:ever )?(?:got through|passed|survived|made it through) (?:the|his|her)"
     r" (?:interview|probation)|wie (?:der|die|er|sie) die Probezeit [üu]berstanden"
     r"|come abbia fatto a passare il colloquio"
     r"|comment (?:il|elle) a (?:pu )?passer? (?:l['’]entretien|sa p[ée]riode d['’]essai)"
     r"|c[óo]mo (?:pas[óo]|super[óo]) (?:la entrevista|el periodo de prueba)"
     r"|hoe (?:hij|ze) (?:door )?(?:de|zijn|haar) proeftijd"
     r"|jak (?:on|ona) przeszed?[łl]a? (?:rozmow[ęe]|okres pr[óo]bny)"
     r"|como (?:ele|ela) passou (?:na entrevista|o per[íi]odo experimental)"
     r"|(?:he|she|\w+)(?:'s| is| was) (?:completely |totally |utterly |so )?"
     r"(?:useless|clueless|incompetent|hopeless|an idiot|a joke)(?: again)?|nul(?:le)? comme|es un in[úu]til"  # noqa: E501
     # "(he) is incompetent / useless" in the other languages
     r"|ist (?:v[öo]llig |total |komplett )?(?:inkompetent|eine Niete)"
     r"|est (?:compl[èe]tement |totalement )?(?:incomp[ée]tente?|nulle?)\b"
     r"|es (?:un(?:a)? )?(?:incompetente|in[úu]til)|[ée] (?:um(?:a)? )?(?:incompetente|in[úu]til)"
     r"|è (?:un(?:a)? )?(?:incompetente|incapace|inutile)|is (?:een )?(?:incompetent|nutteloos|een prutser)"  # noqa: E501
     r"|jest (?:kompletnie |totalnie )?(?:niekompetentn\w+|beznadziejn\w+)"),
    (1, "hedge", r"not to be mean|no offen[cs]e,? but|is a crime|\byikes\b|\blol\b|\bjaja\b|rant over"  # noqa: E501
     r"|\bugh\b|for what\?|good riddance|no wonder|two-hour lunches|other people'?s work"),
    (2, "appearance", rf"{_WHO} (?:new )?(?:outfit|haircut|hair ?cut|weight|teeth|clothes)"
     r"|what \w+ (?:wore|was wearing)|dressed in the dark|looked (?:awful|terrible|a mess|like (?:he|she) (?:got|had|slept))|put on weight"  # noqa: E501
     # weight put on or lost, said of somebody, in each language
     r"|(?:has|have|'s) (?:lost|gained) (?:a lot of |so much )?weight"
     r"|hat (?:stark |ziemlich |so |viel )?(?:zugenommen|abgenommen)|a (?:beaucoup )?(?:grossi|maigri)"  # noqa: E501
     r"|ha (?:adelgazado|engordado)|[èe] (?:dimagrit[oa]|ingrassat[oa])"
     r"|is (?:flink |erg )?(?:afgevallen|aangekomen)|(?:schud[łl]|przyty[łl])[ao]?\b|emagreceu|engordou"),  # noqa: E501
    (1, "health_word", r"\bdrunk\b|\bwasted\b|\brehab\b|\bbreakdown\b|hangovers?|\bon something\b"
     # a hangover, in each language
     r"|lendemains? de cuite|gueule de bois|resaca|\bKater\b|postumi della sbornia|\bkac\w*"
     r"|ressaca|katerig"
     # "either she is ill or ...", "is he ill?", in each language
     r"|either (?:he|she)(?:'s| is) (?:ill|sick)|is (?:he|she) (?:ill|sick)\?|ou est[áa] doente"
     r"|est[áa] (?:doente|enferm[oa])\?|o est[áa] enferm[oa]|soit (?:il|elle) est malade"
     r"|est-(?:il|elle) malade|entweder ist (?:er|sie) krank|ist (?:er|sie) krank\?"
     r"|of (?:hij|ze|zij) is ziek|is (?:hij|ze|zij) ziek\?|o [èe] malat[oa]|[èe] malat[oa]\?"
     r"|albo jest chor[ya]|jest chor[ya]\?"),
    (2, "health_speculation", r"\bhungover\b|\bslurring\b|(?:was|got) (?:absolutely |so |really |completely )?"  # noqa: E501
     r"(?:wasted|drunk|plastered)|(?:heading|headed) for a (?:breakdown|burnout)|(?:completely )?losing it"  # noqa: E501
     r"|has a (?:proper |drinking |drink )?problem|crying in the (?:toilets|loo|bathroom|kitchen)"
     r"|\"(?:back problem|migraines|sick|ill|dentist appointments)\"|borrach[oa]|betrunken|bourr[ée]"  # noqa: E501
     # "drinks too much" in each language
     r"|drinks too much|trinkt zu viel|boit trop|bebe (?:demasiado|demais)|beve troppo"
     r"|drinkt te veel|pije za du[żz]o"
     # drinking again, in each language
     # doubting an illness: "czy naprawdę jest chora", "whether she's really ill"
     r"|(?:whether|if) (?:she|he)(?:'s| is) really (?:ill|sick)|czy naprawd[ęe] jest chor[ay]"
     r"|ob (?:sie|er) wirklich krank|si (?:elle|il) est vraiment malade"
     r"|si (?:de verdad|realmente) est[áa] enferm[oa]|se (?:[èe]|sia) davvero malat[oa]"
     r"|of (?:ze|zij|hij) (?:echt|wel echt) ziek"
     r"|se (?:est[áa]|ela est[áa]|ele est[áa]) mesmo doente"
     r"|(?:he|she)(?:'s| is) drinking again|drinkt (?:hij|ze|zij) (?:ook )?weer"
     r"|trinkt (?:er|sie) (?:schon )?wieder|boit (?:encore|à nouveau|de nouveau)"
     r"|bebe (?:otra vez|de nuevo|outra vez|de novo)|beve di nuovo|pije znowu|[ée] a bebida"
     r"|es la bebida|c'est la boisson"
     # smelling of drink, in each language
     r"|(?:smells?|smelt|smelled|reeks?|reeked|stinks?|stank) of (?:alcohol|booze|drink|beer|wine)"
     r"|sent l['’]alcool|huele a alcohol|puzza di alcol|ruikt naar (?:drank|alcohol)"
     r"|(?:czu[ćc]|[śs]mierdzi) (?:od (?:niego|niej) )?alkohol\w*|cheira a [áa]lcool"
     r"|(?:riecht|roch|gerochen) nach (?:Alkohol|Bier|Schnaps|Fahne)"
     r"|(?:smells?|smelling|smelt|reek\w*|stinks?|stank) of (?:last night|the pub)|riecht man es"
     r"|smell it on (?:him|her)|(?:eine|ne) (?:ordentliche |richtige |m[äa]chtige )?Fahne"
     r"|picol\w+|boit comme un trou|tutto quello che beve|(?:drinks|trinkt|boit|bebe|beve|drinkt)"
     r" (?:at|a|à|en la|tijdens de|ao|al|beim) (?:lunch|pranzo|Mittag\w*|midi|comida|almo[çc]o"
     r"|almuerzo)|in pint glasses|crying in the [\w ]{1,20}(?:room|toilets?|loo|office|car)"
     # an illness said to be put on, a pregnancy guessed at as a question
     r"|spinning it out|putting it on|swinging the lead|pulling a sickie|faking it"
     r"|is (?:she|[A-Z][a-z]+) pregnant\?|est-elle enceinte|est[áa] embarazada\?|[èe] incinta\?"
     r"|ist sie schwanger\?|is ze zwanger\?|jest w ci[ąa][żz]y\?|est[áa] gr[áa]vida\?"),
    (2, "firing", r"(?:about to|going to|gonna) (?:be|get) (?:fired|sacked|let go|canned)"
     r"|(?<!nobody's )(?<!nobody is )(?<!no one's )(?<!no one is )getting (?:fired|sacked|the sack)|on thin ice|(?:he|she)'?s gone in|before (?:he|she)'?s gone"  # noqa: E501
     r"|give it \w+ months|give it (?:till|until|to) \w+ and|interviewing elsewhere|is interviewing"
     # "is he on the way out?"
     r"|(?:is (?:he|she|(?-i:[A-Z][a-z]+))|(?:he|she)(?:'s| is)) on (?:the|his|her) way out"
     r"|(?:he|she|they)(?:'s| is|'ll be|'re| are| will be) gone by|won't last (?:till|until|past|beyond)"  # noqa: E501
     r"|(?:va|vont) lui demander de partir|(?:going to|gonna) ask (?:him|her) to leave"
     r"|le van a pedir que se vaya|gli chiederanno di andarsene"
     # "they say he's out at the end of the month", as colleagues say it
     r"|l[oa] mandano via|fliegt (?:bald |demn[äa]chst )?raus|va se faire virer|l[oa] van a echar"
     r"|ligt (?:er )?(?:binnenkort )?uit|wyleci z pracy|v[ãa]o mand[áa]-l[oa] embora"),
    (1, "emoji", r"[😂🙄👀🤐😬🤭🤫💀😏🙃😉]"),
)  # fmt: skip
_COMPILED = tuple((w, kind, re.compile(rf"(?i){p}")) for w, kind, p in CUES)
# A chunk re-joins sentences with a space, so a newline after "!" or "?" can vanish: the
# trigger lets `[^.\n]` cross lines to match the whole text wherever a cue matches a chunk.
_ACROSS_LINES = (r"[^.\n]", "[^.]")
TRIGGERS = {
    f"gossip.{i}": re.compile(f"(?i){p.replace(*_ACROSS_LINES)}")
    for i, (_w, _k, p) in enumerate(CUES)
}
ALL = frozenset(TRIGGERS)
# (trigger id, weight, kind, pattern) for each cue
_GATED = tuple((f"gossip.{i}", w, kind, pattern) for i, (w, kind, pattern) in enumerate(_COMPILED))
# A film, a series or a book told of: its characters' drinking and firings are its plot.
_A_STORY = re.compile(
    r"(?i)\b(?:film night|movie night|the film|the movie|the series|this episode|spoiler"
    r"|the plot|the novel|book club|Filmabend|soir[ée]e cin[ée]|noche de cine|serata cinema"
    r"|filmavond|wiecz[óo]r filmowy|noite de cinema)\b"
)
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=[-*•>#] )|\n(?=\w+: )")
# Compiled once: `re.split` with a string looks the pattern up in re's cache per call.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def score(paragraph: str, hits: frozenset[str] = ALL) -> tuple[int, list[str]]:
    """The paragraph's gossip score and the cue kinds that contributed.

    Only the cues whose trigger is in `hits` (those that can match the text) are tried.
    """
    total, kinds = 0, []
    for trigger, weight, kind, pattern in _GATED:
        if trigger not in hits:
            continue
        if kind not in kinds and pattern.search(paragraph):
            total += weight
            kinds.append(kind)
    return total, kinds


def chunks(text: str, limit: int = 500) -> list[str]:
    """Paragraphs, with long ones cut at sentence ends so cues must sit close together."""
    out: list[str] = []
    for paragraph in _PARAGRAPH.split(text):
        current = ""
        for sentence in _SENTENCE_END.split(paragraph):
            if current and len(current) + len(sentence) > limit:
                out.append(current)
                current = ""
            current = f"{current} {sentence}" if current else sentence
        out.append(current)
    return out


def can_reach_threshold(hits: frozenset[str]) -> bool:
    """Whether the cues that can match reach the threshold even if all sit in one paragraph."""
    possible: dict[str, int] = {}
    for trigger, weight, kind, _pattern in _GATED:
        if trigger in hits:
            possible[kind] = max(weight, possible.get(kind, 0))
    return sum(possible.values()) >= THRESHOLD


def find_gossip(segment: TextSegment, hits: frozenset[str] = ALL) -> list[Finding]:
    if not can_reach_threshold(hits):
        return []
    for paragraph in chunks(segment.text):
        # A chunk re-joins sentences, so it is scanned itself rather than judged by `hits`.
        within = hits_within(hits, paragraph, hits)
        if not can_reach_threshold(within):
            continue
        total, kinds = score(paragraph, within)
        if total < THRESHOLD or not has_person(paragraph):
            continue
        if _A_STORY.search(paragraph):
            continue  # a film's or a book's plot: "the drunk teachers one"
        confidence = Confidence.HIGH if total >= 4 else Confidence.MEDIUM
        snippet = f"remark about a named person ({', '.join(kinds)})"
        return [finding(NAME, Category.GOSSIP, "gossip", segment, snippet, confidence)]
    return []


DETECTOR = Detector(NAME, Category.GOSSIP, find_gossip, TRIGGERS)
