"""The fast meaning model reads exactly what the straightforward one did: the same terms, the
same sentences, the same scores and the same evidence (references written out plainly here).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailbrake.rules.meaning import default_model
from mailbrake.rules.meaning.features import (
    MAX_CHARS_PER_PART,
    read_part,
    sentence_at,
    sentence_spans,
    terms_in,
    terms_of,
)
from mailbrake.rules.meaning.model import Evidence, MeaningModel
from tests.rules.test_meaning import PAIRS

# --- the straightforward reading, as the model was first written -------------------------

_REF_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*|[€$£%]")
_REF_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_REF_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_REF_SIGNS = {"0", "€", "$", "£", "%"}


def reference_tokens(text: str) -> list[str]:
    return _REF_TOKEN.findall(_REF_DIGITS.sub("0", text.lower()))


def reference_terms(words: list[str]) -> list[str]:
    bigrams = [f"{words[i]} {words[i + 1]}" for i in range(len(words) - 1)]
    return words + bigrams + [w[:5] + "~" for w in words if len(w) > 5]


def reference_terms_of(texts: Sequence[str]) -> list[str]:
    """The distinct terms, in order of first sight (words, then bigrams, then prefixes of
    each part in turn)."""
    seen: set[str] = set()
    ordered: list[str] = []
    for text in texts:
        for term in reference_terms(reference_tokens(text[:MAX_CHARS_PER_PART])):
            if all(token in _REF_SIGNS for token in term.split(" ")):
                continue  # a number or a currency sign alone says nothing of meaning
            if term not in seen:
                seen.add(term)
                ordered.append(term)
    return ordered


def reference_sentences(text: str) -> list[tuple[int, str]]:
    out = []
    for line_no, line in enumerate(text[:MAX_CHARS_PER_PART].split("\n"), start=1):
        out += [(line_no, piece) for piece in _REF_SENTENCE.split(line) if piece.strip()]
    return out


def reference_assess(
    model: MeaningModel, texts: Sequence[str]
) -> list[tuple[str, float, Evidence | None]]:
    """Every category's probability, and for the positive ones the sentence that weighed most.
    A term's value is its idf, once or ten times in the message alike (binary tf)."""
    values = {t: model.rows[t][0] for t in reference_terms_of(texts) if t in model.rows}
    norm = (math.sqrt(sum(v * v for v in values.values())) or 1.0) ** model.norm_power
    out: list[tuple[str, float, Evidence | None]] = []
    for i, category in enumerate(model.categories):
        z = model.bias[i] + sum(v * model.rows[t][i + 1] for t, v in values.items()) / norm
        probability = 1.0 / (1.0 + math.exp(-z))
        evidence = None
        if probability >= model.thresholds[i]:
            evidence = _reference_evidence(model, texts, values, norm, i + 1)
        out.append((category, probability, evidence))
    return out


def _reference_evidence(
    model: MeaningModel,
    texts: Sequence[str],
    values: dict[str, float],
    norm: float,
    column: int,
) -> Evidence | None:
    """The sentence whose terms, each where it stands (a repeated one each time), push the
    category up most; its distinct known terms that push most are the cue."""
    best: tuple[float, Evidence] | None = None
    for part, text in enumerate(texts):
        for line, sentence in reference_sentences(text):
            terms = reference_terms(reference_tokens(sentence))
            push = {t: values[t] / norm * model.rows[t][column] for t in terms if t in values}
            total = math.fsum(push[t] for t in terms if t in push)
            if push and total > 0 and (best is None or total > best[0]):
                ranked = sorted(((p, t) for t, p in push.items()), reverse=True)
                words = tuple(t for p, t in ranked[:4] if p > 0)
                best = (total, Evidence(part, line, sentence, words))
    return best[1] if best else None


# --- texts that reach every branch of the reading ------------------------------------------

# Letters of every language the check reads and some it does not (Greek has a final sigma
# that lower() writes by context; Turkish İ lowers to two characters), digits of other
# scripts, amounts, stops, and every kind of whitespace a line or a sentence can end with.
_ALPHABET = (
    "aZ ßÄöüéÈçñãõąłŻśńćęıİΣσςΛΌΓΟ Ωжд中文ⅰⅠ"
    "09٣۴.,;:!?'-_~€$£%"
    " \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000"
)
EDGE_TEXTS = [
    "",
    "   \n\t  ",
    "\n\n\n",
    "A. B! C? D; E: F",
    "3.5. Next line.\r\nPrice 1,000.50 € and 40% off; call 0800 123 456!",
    "ΛΌΓΟΣ ΚΑΙ ΛΌΓΟΣ. ΣΑΣ\u2028İstanbul İzmir. Straße GROẞ",
    "Zażółć gęślą jaźń. Ação e coração; Ölçü ıı İİ",
    "٣٤ ۴۵. ⅰⅱ Ⅻ — end",
    "salaries salario salarios\n\n  dismissed dismissal\x0b\x0cnew.  \u3000line",
    "ab" * 12_000 + " tail",  # one word longer than a part: cut at MAX_CHARS_PER_PART
    "word " * (MAX_CHARS_PER_PART // 5) + "cut in half",
    "İ" * MAX_CHARS_PER_PART + " cut before lowering, which makes each İ two characters",
    ("Sentence one. Sentence two!\n" * 900)[: MAX_CHARS_PER_PART + 7],
]
MESSAGES: list[list[str]] = [
    [PAIRS[0][2]],
    [PAIRS[8][2], PAIRS[8][3]],
    [PAIRS[17][2] + "\n" + PAIRS[27][2], "", PAIRS[5][2]],
    [p[2] for p in PAIRS[::3]],
    [p[3] for p in PAIRS],
    [" ".join(p[2] for p in PAIRS) * 3],
    EDGE_TEXTS,
]


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_terms_equal_the_reference_on_edge_texts(text: str) -> None:
    assert list(terms_of([text])) == reference_terms_of([text])


@given(st.lists(st.text(alphabet=_ALPHABET, max_size=80), max_size=3))
def test_terms_equal_the_reference_on_any_text(texts: list[str]) -> None:
    assert list(terms_of(texts)) == reference_terms_of(texts)


def test_terms_equal_the_reference_across_parts_and_languages() -> None:
    for texts in MESSAGES:
        assert list(terms_of(texts)) == reference_terms_of(texts)


def read_sentences(text: str) -> list[tuple[int, str, Counter[str]]]:
    part = read_part(text)
    return [
        (span[0], sentence_at(text, span[0], span[1]), Counter(filter(None, terms_in(part, span))))
        for span in sentence_spans(part)
    ]


def reference_read_sentences(text: str) -> list[tuple[int, str, Counter[str]]]:
    read = [(line, s, reference_tokens(s)) for line, s in reference_sentences(text)]
    return [(line, s, Counter(reference_terms(words))) for line, s, words in read if words]


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_sentences_and_their_terms_equal_the_reference_on_edge_texts(text: str) -> None:
    assert read_sentences(text) == reference_read_sentences(text)


@given(st.text(alphabet=_ALPHABET, max_size=120))
def test_sentences_and_their_terms_equal_the_reference_on_any_text(text: str) -> None:
    assert read_sentences(text) == reference_read_sentences(text)


def _assessed(model: MeaningModel, texts: Sequence[str]) -> list[tuple[str, float, object]]:
    scores = {v.category: v.probability for v in model.score(texts)}
    evidence = {v.category: e for v, e in model.assess(texts)}
    return [(c, scores[c], evidence.get(c)) for c in model.categories]


@pytest.mark.parametrize("texts", MESSAGES)
def test_the_shipped_model_scores_and_explains_as_the_reference(texts: list[str]) -> None:
    model = default_model()
    expected = reference_assess(model, texts)
    got = _assessed(model, texts)
    # The sums run in another order, so the last bits of a probability may differ (they did
    # between two processes before too, as the order was a set's); nothing else may.
    assert [(c, pytest.approx(p, rel=1e-12), e) for c, p, e in expected] == got


# A small model written out, with the scores and evidence it gives (computed once, with the
# reference above, when the model moved to binary tf; the second again when terms with no
# letter, "0" and "€" here, were no longer read): a change in what is computed shows here
# even when the shipped model is retrained.
SMALL = MeaningModel(
    ("gossip", "internal"),
    {
        "between": (1.3, 0.4, -0.2),
        "between you": (2.1, 1.6, -0.3),
        "drink~": (1.8, 1.1, 0.1),
        "drinking": (2.4, 0.7, 0.0),
        "0": (0.6, -0.1, 0.35),
        "plan": (1.2, -0.3, 0.9),
        "restr~": (2.2, -0.1, 1.4),
        "roles": (1.9, 0.0, 0.8),
        "€": (1.4, 0.05, 0.2),
        "λόγος": (1.5, 0.3, 0.3),
        "roles go": (1.7, -0.2, 0.6),
    },
    (-1.1, -1.3),
    (0.5, 0.45),
)
PINNED = [
    (
        ["Between you and me, Kevin has a drinking problem. He drinks at lunch!"],
        (0.6985415567168428, 0.1850179592835196),
        {"gossip": Evidence(0, 1, "Between you and me, Kevin has a drinking problem.",
                            ("between you", "drink~", "drinking", "between"))},
    ),
    (
        ["Restructuring plan: 12 roles go by June; 3 more in 2025.", "Budget €40,000.50 approved."],
        (0.20467150523206945, 0.6397252148986785),
        {"internal": Evidence(0, 1, "Restructuring plan: 12 roles go by June;",
                              ("restr~", "roles", "plan", "roles go"))},
    ),
    (
        ["ΛΌΓΟΣ ΚΑΙ ΛΌΓΟΣ. Between", "drinking drinking\r\ndrinking"],
        (0.5466401715540606, 0.2319838816998562),
        {"gossip": Evidence(1, 1, "drinking drinking\r", ("drink~", "drinking"))},
    ),
    (["Nothing the model knows."], (0.2497398944048824, 0.2141650169574414), {}),
]  # fmt: skip


@pytest.mark.parametrize(("texts", "probabilities", "evidence"), PINNED)
def test_a_small_model_gives_the_scores_and_evidence_it_gave_before(
    texts: list[str], probabilities: tuple[float, ...], evidence: dict[str, Evidence]
) -> None:
    assert [v.probability for v in SMALL.score(texts)] == pytest.approx(probabilities, rel=1e-12)
    assert {v.category: e for v, e in SMALL.assess(texts)} == evidence
