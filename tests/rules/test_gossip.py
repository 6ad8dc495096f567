"""Gossip: remarks about named colleagues score over the threshold; ordinary talk does not."""

from __future__ import annotations

import pytest

from mailbrake.models import Category
from mailbrake.rules.gossip import score
from tests.rules.helpers import kinds

GS = Category.GOSSIP


@pytest.mark.parametrize(
    "text",
    [
        "Tony was absolutely wasted again on Friday. He was slurring at the client dinner.",
        "did you hear Sharon and Jean are seeing each other?? don't say anything!!",
        "Honestly, Patrick Smith's presentation was a disaster. How on earth did he get promoted?",
        "Rumour is Madison Irwin is about to be fired after the audit mess.",
        "did you see what Jeremy wore to the board meeting 😬 yikes",
        "Not to be mean, but Robin's new haircut is a crime.",
        "¿Viste a Sara en la cena? Iba tan borracho que se durmió. No se lo cuentes a nadie.",
        "Also, Marcus was useless again on the client call.",
    ],
)
def test_remark_about_named_colleague_is_gossip(text: str) -> None:
    assert "gossip" in kinds(text, GS)


@pytest.mark.parametrize(
    "text",
    [
        "Computers are useless. They can only give you answers. (Pablo Picasso)",
        "To paraphrase an old saw: life is wasted on the living.",
        "Congratulations to Frances Turner on her promotion! Happy anniversary to Roy Ward.",
        "The karaoke was legendary, Ann and Rose did a duet.",
        "Between us, I think the blue option is cheaper.",
    ],
)
def test_ordinary_talk_is_not_gossip(text: str) -> None:
    assert not kinds(text, GS)


def test_one_weak_cue_stays_under_the_threshold() -> None:
    total, found = score("lol see you at lunch")
    assert total < 2
    assert found == ["hedge"]


@pytest.mark.parametrize(
    "text",
    [
        "Tra noi, Paolo è un incompetente, non so come l'abbiano promosso.",
        "Entre nous, Julien est complètement incompétent.",
        "Francamente Lucía es una inútil, lo rehace todo Marta.",
        "Sinceramente o Rui é um incompetente e ninguém lhe diz nada.",
        "Szczerze mówiąc, Marek jest kompletnie niekompetentny.",
        "Ehrlich, der Jonas ist völlig inkompetent.",
        "Eerlijk gezegd: die Sanne is een prutser.",
        "Don't tell anyone, but Greg drinks too much at the client dinners.",
        "A Carla beve troppo alle cene aziendali, lo sanno tutti.",
        "I told Stuart twice. Honestly he hasn't a clue how to manage people.",
    ],
)
def test_a_colleague_called_incompetent_or_said_to_drink_too_much_in_each_language(
    text: str,
) -> None:
    assert kinds(text, GS)


@pytest.mark.parametrize(
    "text",
    [
        "Le recours est nul et non avenu selon l'avocat de la partie adverse.",
        "Das alte Ventil ist völlig unfähig, den Druck zu halten.",
        "La vecchia stampante è inutile, la buttiamo venerdì.",
        "Il sito dice che chi beve troppo caffè dorme male.",
        "I haven't a clue how to fix the printer, Dave, sorry.",
    ],
)
def test_incompetent_or_drinking_said_of_a_thing_or_nobody_is_not_gossip(text: str) -> None:
    assert not kinds(text, GS)
