"""Health facts of a person in particular: a sick note, a diagnosis, surgery, an injury or a
chronic condition said to be somebody's (`conditions`), with a person or a pronoun in the
sentence; a guess is gossip, and a rule for whoever it applies to is nobody's health."""

from __future__ import annotations

import re

from mailbrake.models import Category, Confidence, Finding, TextSegment
from mailbrake.rules.base import clip, finding, start_of
from mailbrake.rules.boilerplate import LESSON
from mailbrake.rules.conditions import CONDITION, stated_condition
from mailbrake.rules.context import clause_at, sentence_at, window
from mailbrake.rules.names import has_person
from mailbrake.rules.personal_patterns import (
    A_GROUP,
    GENERIC_PERSON,
    HE_SHE,
    HEALTH,
    SELF_HEALTH,
    SPECULATION,
)

NAME = "personal"
TRIGGERS: dict[str, re.Pattern[str]] = {
    "personal.health": HEALTH,
    "personal.condition": CONDITION,
}
# A condition put to the reader ("if you're off sick, get a fit note from your GP"): a rule,
# though the sentence has capitalised words (Statutory Sick Pay) that look like a name.
_TO_THE_READER = frozenset(
    (
        "if you",
        "wenn sie",
        "falls sie",
        "si vous",
        "si usted",
        "si estás",
        "si estas",
        "als je",
        "als u",
        "se sei",
        "se siete",
        "jeśli",
        "jesli",
        "jeżeli",
        "jezeli",
        "se estiver",
        "se for",
        # a question to the reader: "Ben je zwanger?", "Are you pregnant or planning to be?"
        "are you",
        "ben je",
        "bent u",
        "bist du",
        "sind sie",
        "êtes-vous",
        "es-tu",
        "estás",
        "está usted",
        "jesteś",
        "sei incinta",
        # an employee, a child or whoever, in general
        "if your",
        "si votre",
        "si tu",
        "si su",
        "wenn ihr",
        "als uw",
        "als je kind",
        "se il vostro",
        "se o seu",
        "chi ha",
        "qui a",
        "the employee",
        "een medewerker",
    )
)

# A training's cases said to be invented: "All scenarios are invented for training."
_A_SCENARIO = re.compile(
    r"(?i)\b(?:invented|made[- ]up|fictional|fictitious|hypothetical|imaginary|erfunden|fiktiv"
    r"|invent[ée]s?|fictifs?|inventad[oa]s|ficticios|inventat[ie]|fittizi|verzonnen|fictief"
    r"|wymy[śs]lon\w*|fikcyjn\w*|inventad[oa]s|fict[íi]cios)\b"
)
# A blank to fill in: "[Datum]", "[Your name]", "<name>".
_PLACEHOLDER = re.compile(r"\[[^\]\n]{2,30}\]|<[a-z ]{2,20}>|_{4,}")
# What a diagnosis is of when it is nobody's health: plants, animals' feed, machines, systems.
_NOT_A_PATIENT = re.compile(
    r"(?i)[^.\n]{0,60}?\b(?:roots?|leaves|leaf|plants?|crops?|seedlings?|soil|engine|gearbox"
    r"|boiler|pump|compressor|server|disk|network|router|firmware|vehicle|sync\w*|calendar"
    r"|database|API|app|software|system|integration|cache|config\w*|the (?:car|van|truck"
    r"|machine|printer|fault|error|bug)|Wurzeln|Pflanzen|Motor|racines|plantes|moteur|ra[íi]ces"
    r"|plantas|motor|radici|piante|wortels|planten|korzenie|ro[śs]liny|silnik|ra[íi]zes)\b"
)

# A sentence about whoever it applies to: "Wer Bluthochdruck hat oder schwanger ist, sollte ...".
_WHOEVER = re.compile(
    r"(?i)(?:^|[:;–]\s*)(?:wer|whoever|anyone who|anybody who|quiconque|celles? et ceux qui"
    r"|quien(?:es)?|chi|wie|kto|quem)\b"
)


# An animal's health, told its owner or breeder: "the ultrasound confirmed she is pregnant"
# of a dog brought to the vet.
_AN_ANIMAL = re.compile(
    r"(?i)\b(?:vets?|veterinar\w+|puppies|puppy|pups|kittens?|litter|whelp\w*|mating|foal\w*"
    r"|(?:your|her|his|their) (?:dog|cat|mare|horse|bitch|rabbit|pet|ewe|cow)|Tier[äa]rzt\w*"
    r"|Welpen|Tierklinik|v[ée]t[ée]rinaire|chiots?|chatons?|port[ée]e|cachorr\w+|camada"
    r"|cuccioli|dierenarts\w*|dierenkliniek|nestje|weterynar\w*|szczeni\w+|kocię\w*|miot"
    r"|filhotes?|ninhada)\b"
)


def find_health(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    """At most one health finding per part: the first fact stated of somebody."""
    return _health(segment, hits) or _conditions(segment, hits)


def _health(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    if "personal.health" not in hits:
        return []
    text = segment.text
    for match in HEALTH.finditer(text, start_of(hits, "personal.health", text)):
        if _about_somebody(text, match, SELF_HEALTH.match(match.group()) is not None):
            return [_health_finding(segment, match)]
    return []


def _conditions(segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    """A named person's condition: "Tommaso soffre di epilessia" (`conditions`)."""
    if "personal.condition" not in hits:
        return []
    text = segment.text
    for match in CONDITION.finditer(text):
        if not stated_condition(text, match):
            continue
        if GENERIC_PERSON.search(clause_at(text, match.start(), match.end())):
            continue  # "if your child has medical needs, allergies or medication"
        if _about_somebody(text, match, False):
            return [_health_finding(segment, match)]
    return []


def _about_somebody(text: str, match: re.Match[str], of_self: bool) -> bool:
    """Whether a health detail is stated as a fact of somebody in particular: a person or a
    pronoun in its sentence (or `of_self`: said by the person it is about), no guess (gossip)
    and no rule for whoever it applies to."""
    sentence = sentence_at(text, match.start(), match.end())
    clause = clause_at(text, match.start(), match.end())
    if SPECULATION.search(clause):
        return False  # a guess about somebody's health is gossip, not a health fact
    phrase = clause_at(text, match.start(), match.end(), ",;:.!?\n")
    if len(phrase.split()) <= 6 and not phrase.rstrip().endswith((".", "!", "?")):
        phrase = sentence  # a heading ("2. Zwanger en aan het werk"): the text below it says
    if A_GROUP.search(phrase):
        return False  # "Schwangere Kolleginnen: ...", a group, nobody in particular
    if LESSON.search(text) and (_PLACEHOLDER.search(sentence) or _A_SCENARIO.search(text)):
        return False  # a model letter to fill in, a training quiz's invented cases
    generic = GENERIC_PERSON.search(phrase)
    if generic and (not has_person(clause) or generic.group().lower() in _TO_THE_READER):
        return False  # a policy for whoever it applies to, about nobody in particular
    if _NOT_A_PATIENT.match(text, match.end(), match.end() + 80):
        return False  # "Their diagnosis: roots fine, no sign of Pythium": a plant's, a machine's
    if _WHOEVER.search(sentence.lstrip(" -•*\t")):
        return False  # "Wer ... schwanger ist, sollte ...": whoever it applies to
    if _AN_ANIMAL.search(window(text, match.start(), match.end(), before=300, after=300)):
        return False  # a pet's scan, told its owner
    return of_self or has_person(sentence) or HE_SHE.search(sentence) is not None


def _health_finding(segment: TextSegment, match: re.Match[str]) -> Finding:
    snippet = f"health detail: {clip(match.group(), 40)} …"
    return finding(NAME, Category.PERSONAL_DATA, "health", segment, snippet, Confidence.MEDIUM)
