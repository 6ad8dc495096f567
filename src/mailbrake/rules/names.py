"""A light named-person heuristic: capitalised words that are not common capitalised words."""

from __future__ import annotations

import re

from stop_words import get_stop_words

# Capitalised words that start sentences or name things other than people.
_WORDS = """
    a an and as at be but by do for from go had has have he her him his how i if in is it its me
    my no not of on or our she so that the their them then there these they this those to up us
    was we were what when where which who why will with you your yes ok okay also just all any
    anyone anything both each every everyone few many more most much other some someone something
    such hi hello hey dear thanks thank regards best kind cheers many please sorry welcome great
    good quick note notes fyi ps re fw fwd subject sent from to cc date monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august september
    october november december today tomorrow yesterday team teams staff all-hands board company
    group office ltd llp inc plc gmbh corp finance sales marketing legal operations engineering
    product products support customer success people culture hr it procurement logistics payroll
    facilities security research director manager managers lead head chair chief officer ceo cfo
    coo cto vp svp evp street road avenue lane drive way court square house floor building suite
    project programme program report summary update agenda minutes meeting call review plan name
    employee candidate manager dob ssn email e-mail phone mobile address home north south east
    west new old first second third next last one two three q1 q2 q3 q4 fy h1 h2 eu uk us usa
    london berlin paris madrid honestly apparently seriously anyway actually basically literally
    obviously rumour rumor between did does didn don't can't won't isn't wasn't couldn't shouldn't
    i'm i've i'd i'll let lol omg ugh wow yikes oh well still only even never always
"""
# The function words of the other supported languages (articles, pronouns, prepositions: "El
# Real Decreto", "Le Conseil", "Der Vorstand"), as the stop-words package lists them, but for
# the few that are also common first names. (Its English list is broad enough to hold
# surnames such as Young, Long and Page; the English words are those above.)
_LANGUAGES = ("french", "german", "spanish", "italian", "dutch", "polish", "portuguese")
_ALSO_FIRST_NAMES = frozenset(
    {"al", "ben", "bill", "cara", "cela", "dan", "dino", "don", "ed", "ella", "jo", "ma", "mia"}
    | {"mo", "nell", "otto", "sam", "sara", "sean", "sem", "sue", "ten", "van"}
)
_FUNCTION_WORDS = frozenset(
    word for language in _LANGUAGES for word in get_stop_words(language) if word.isalpha()
)
NOT_NAMES = frozenset(_WORDS.split()) | (_FUNCTION_WORDS - _ALSO_FIRST_NAMES)

_CAP = r"[A-ZÀ-Ý][a-zß-ÿ]+(?:-[A-ZÀ-Ý][a-zß-ÿ]+)?"
_FULL = re.compile(rf"\b({_CAP})[ \t]+(?:[A-Z]\.?[ \t]+)?({_CAP})\b")
_POSSESSIVE = re.compile(rf"\b({_CAP})['’]s\b")
_SINGLE = re.compile(rf"\b({_CAP})\b")
_AFTER_BOUNDARY = re.compile(r"(?:^|[.!?:;\n\"(‘“„«]\s*|^\s*[-*•>]\s*)$")
_VERB_AFTER = re.compile(r"\s+(?:is|was|has|had|and|got|did|says|said|just|really|clearly)\b")


def is_name_word(word: str) -> bool:
    return word.lower() not in NOT_NAMES and len(word) > 1


def full_names(text: str) -> list[str]:
    """'First Last' pairs where neither word is a common capitalised word."""
    return [
        f"{m.group(1)} {m.group(2)}"
        for m in _FULL.finditer(text)
        if is_name_word(m.group(1)) and is_name_word(m.group(2))
    ]


def possessive_name(text: str) -> bool:
    """Whether `text` has a name in the possessive ("Nicholas's review")."""
    return any(is_name_word(m.group(1)) for m in _POSSESSIVE.finditer(text))


def has_person(text: str) -> bool:
    """Whether `text` names somebody: a full name, a possessive or a mid-sentence name."""
    if full_names(text):
        return True
    if possessive_name(text):
        return True
    for match in _SINGLE.finditer(text):
        if not is_name_word(match.group(1)):
            continue
        if not _AFTER_BOUNDARY.search(text[max(0, match.start() - 4) : match.start()]):
            return True
        if _VERB_AFTER.match(text[match.end() : match.end() + 12]):
            return True
    return False
