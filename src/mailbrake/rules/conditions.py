"""Health conditions stated as somebody's: "Tommaso soffre di epilessia", "Noah est allergique
à l'arachide", "Lina hat eine schwere Haselnussallergie". The condition's name, then a verb of
having or being a few words before it in the same clause; whose it is, `personal` decides."""

from __future__ import annotations

import re

# Chronic conditions and their adjectives, in the eight languages the check reads (a
# medical vocabulary of the conditions a school, a team or a ward is told about).
CONDITION = re.compile(
    r"(?i)\b(?:\w*allergi\w*|allergisch\w*|al[ée]rgic[oa]s?|uczulon\w*|[ée]pilep\w*|epiless\w*"
    r"|epil[ée]ptic\w*|padaczk\w*|diab[eéè]t\w*|cukrzyc\w*|asthm\w*|asma|astma\w*|leuk[äa]?emi\w*"
    r"|leucemi\w*|bia[łl]acz\w*|depressi\w*|depresj\w*|burn-?out|bipolar\w*|ADHD|ADHS|TDAH"
    r"|autis\w*|autyz\w*|dyslex\w*|dysleks\w*|Legasthenie|dislessi\w*|dislexi\w*"
    r"|multiple (?:sclerosis|Sklerose)|scl[ée]rose en plaques|esclerose? (?:is )?m[úu]ltipla?"
    r"|sclerosi multipla|stwardnieni\w* rozsian\w*|Crohn|co?eliac\w*|Z[öo]liakie"
    r"|c(?:oe|œ)liaqu\w*|cel[íi]ac\w*|celiachi\w*|coeliakie|HIV|hepatit\w*|insulin\w*"
    r"|cancer|Krebs\w*|cancro|c[áa]ncer|kanker|nowotw[óo]r\w*|chemo\w*|quimio\w*|chemio\w*"
    r"|chimio\w*|radiotherap\w*|radioterapi\w*|Strahlentherapie|dialys\w*|di[áa]lis\w*|tumou?r\w*"
    r"|hernia|Hernie|hernie|ernia|h[ée]rnia|przepuklin\w*|Bandscheibenvorfall"
    r"|(?:hip|knee|heart|back|eye) (?:operation|surgery|op)"
    r"|migraine\w*|Migr[äa]ne\w*|emicrani\w*|migra[ñn]a\w*|migren\w*|enxaquec\w*|schizo\w*"
    r"|sch?izofren\w*"
    r"|Parkinson|Alzheimer|dement\w*|Demenz|d[ée]mence|demenza|demencj\w*|anorexi\w*"
    r"|anoressi\w*|bulimi\w*)\b"
)
# A verb of having, suffering, being or undergoing, or a possessive, before the condition.
_HAVING = re.compile(
    r"(?i)\b(?:has|had|suffers? from|suffering from|lives with|is|was|does|did|having|undergoing"
    r"|hat|hatte|leidet(?: an| unter)?|ist|war|macht|bekommt"
    # French "a" only as the verb ("Noah a de l'asthme"): in English it is the article
    r"|a(?=\s+(?:une?\b|de\b|du\b|des\b|d['’]|l['’]))|avait|souffre d['’e]\w*|est|[ée]tait|fait"
    r"|tiene|ten[íi]a|padece|sufre(?: de)?|es|hizo|hace|ha|aveva|soffre di|[èe]|fa|heeft|had"
    r"|lijdt aan|krijgt|ma|mia[łl]a?|cierpi na|choruje na|jest|przechodzi|tem|tinha|sofre de"
    r"|[ée]|fez|faz"
    # or a possessive: "Tom's out for his chemo sessions", "sa chimio", "la sua chemio"
    r"|his|her|their|['’]s|seine[mnrs]?|ihre[mnrs]?|son|sa|ses|su|sus|suo|sua|zijn|haar|jego"
    r"|jej|seu)\b"
)
_MOST_BETWEEN = 6  # words between the verb and the condition
# Words of a role, an event or a topic between the verb and the condition: "is a specialist
# in diabetes", "a une conférence sur l'asthme": the condition is not the person's.
_NOT_THEIRS = re.compile(
    r"(?i)\b(?:in|on|of|for|about|at|to|im|über|für|zum|zur|bei|sur|pour|de la|du|des|sobre"
    r"|para|del|della|sulla|per|nel|over|voor|bij|met|o|dla|przy|do|da|na|no|sem|sin|ohne|sans"
    r"|senza|without|zonder|bez|not|nicht|kein\w*|pas|no|non|niet|geen|nie|n[ãa]o"
    # whoever it may be: "if your child has any allergies"
    r"|any|irgendwelche|eventuel\w*|[ée]ventuel\w*|cualquier|alguna|qualsiasi|eventuali"
    r"|enige|jakie\w*|jakie[śs]|qualquer|alguma"
    # another verb's clause: "sites which actively promote anorexia"
    r"|which|that|who|welche[rs]?|qui|que|che|cui|dat|wie|kt[óo]r\w+)\b"
)
# The one who has it is a practice, a pharmacy or a ward (a delivery, a stock), just before
# the verb: "the Truro practice got their insulin".
_A_PLACE_OF_CARE = re.compile(
    r"(?i)\b(?:practice|surgery|clinic|pharmacy|hospital|ward|care home|vets?|Praxis|Apotheke"
    r"|Klinik|Station|clinique|pharmacie|cabinet|cl[íi]nica|farmacia|ambulatorio|reparto"
    r"|apotheek|praktijk|apteka|przychodni\w*|farm[áa]cia|consult[óo]rio)\s+(?:\w+\s+)?$"
)
# A role, a service or an event the condition names: "Maria is the diabetes nurse".
_ROLE_AFTER = re.compile(
    r"(?i)[\s-]+(?:nurses?|clinics?|awareness|specialists?|teams?|week|day|services?|education"
    r"|prevention|research|charity|foundation|association|society|walk|run|ward|unit|consultant"
    r"|screening|tests?|testing|programmes?|programs?|policy|training|course|lead|champion"
    r"|support group|month|campaign|fund\w*|Beratung|Schulung|Sprechstunde|Station|Tag|Woche)\b"
)
# A diagnosis said after the condition: "bei Emil wurde Epilepsie festgestellt", "una
# diabetes diagnosticata a marzo".
_DIAGNOSED_AFTER = re.compile(
    r"(?i)\W+(?:\w+\W+){0,2}?(?:festgestellt|diagnostiziert|diagnostiqu[ée]e?|diagnosticad[oa]"
    r"|diagnosticat[oa]|vastgesteld|gediagnosticeerd|zdiagnozowan\w*|stwierdzon\w*)\b"
)
# How far before a condition its verb is looked for.
_REACH = 80


def stated_condition(text: str, match: re.Match[str]) -> bool:
    """Whether the condition at `match` is said to be somebody's: a verb of having or being
    (the nearest before it in its clause) at most six words before it, with no role, topic or
    negation between them."""
    lead = text[max(0, match.start() - _REACH) : match.start()]
    lead = re.split(r"[.;:!?\n(\"“”«»]", lead)[-1]  # its clause; not a word in quotes
    if _DIAGNOSED_AFTER.match(text, match.end()):
        return _ROLE_AFTER.match(text, match.end()) is None  # "... Epilepsie festgestellt"
    verbs = list(_HAVING.finditer(lead))
    if not verbs:
        return False
    gap = lead[verbs[-1].end() :]
    if len(gap.split()) > _MOST_BETWEEN or _NOT_THEIRS.search(gap):
        return False
    if _A_PLACE_OF_CARE.search(lead[: verbs[-1].start()]):
        return False  # "the Truro practice got their insulin": a delivery to a practice
    return _ROLE_AFTER.match(text, match.end()) is None
