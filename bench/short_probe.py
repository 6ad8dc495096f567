"""Short messages about named colleagues: how often the check calls a harmless one gossip.

    .venv/bin/python bench/short_probe.py [-v]

The corpus sets are mostly whole messages, where a remark sits among other sentences. A
reply-all of one sentence ("I think Thomas is in a meeting until noon") is read with nothing
around it, so the words that frame gossip ("I think", "between you and me", "did you hear",
"honestly", a pronoun) weigh far more. These 48 harmless sentences and 24 remarks (six and
three per language) were written for this probe, after the model and its seed set, and were
never used to fit or tune anything: keep it that way, so the figure stays an honest one.
Prints how many harmless sentences the check flags (gossip, and any category) and how many
remarks it catches; `-v` lists them.
"""

from __future__ import annotations

import sys

from mailbrake.models import Location, TextSegment
from mailbrake.rules import Scanner, categories_of

HARMLESS = [
    ("en", "I think Kevin is out until Monday, ask Sarah instead."),
    ("en", "He really did a great job on the migration, thanks to him we finished early."),
    ("en", "Between you and me, the cake in the kitchen is for Anna's birthday, don't tell her!"),
    ("en", "Honestly, Mark is the best project manager I have worked with."),
    ("en", "Did you hear? Priya's team won the innovation award for the new booking tool."),
    ("en", "Apparently Tom already fixed the printer on the second floor, so no need to call IT."),
    ("de", "Ich glaube, Stefan ist heute im Homeoffice, ruf ihn einfach an."),
    ("de", "Er ist wirklich ein guter Kollege, er hat mir beim Umzug geholfen."),
    ("de", "Hast du gehört? Jana hat die Zertifizierung bestanden, wir gratulieren ihr morgen."),
    ("de", "Unter uns: Für Markus' Abschied sammeln wir für ein Geschenk, bitte nichts verraten."),
    ("de", "Ehrlich gesagt hat Lukas die Präsentation super vorbereitet."),
    ("de", "Anscheinend ist Petra diese Woche auf der Messe in Köln."),
    ("fr", "Je pense que Thomas est en réunion jusqu'à midi."),
    ("fr", "Entre nous, on prépare une carte pour le départ de Claire, ne lui dis rien."),
    ("fr", "Tu as entendu ? Julien a trouvé la panne du serveur en dix minutes."),
    ("fr", "Franchement, Sophie a fait un travail remarquable sur le budget."),
    ("fr", "Apparemment Nicolas reprend le dossier Dupont à partir de lundi."),
    ("fr", "Il est vraiment disponible, n'hésite pas à lui demander de l'aide."),
    ("es", "Creo que Pablo está de vacaciones hasta el lunes."),
    ("es", "¿Te has enterado? Lucía ha cerrado el contrato con el cliente de Sevilla."),
    ("es", "Entre nosotros, estamos organizando una sorpresa para el cumpleaños de Marta."),
    ("es", "La verdad es que Javier lo ha hecho genial con la migración."),
    ("es", "Parece que Elena ya ha enviado el informe trimestral."),
    ("es", "Él siempre llega temprano y abre la oficina, pregúntale a él por las llaves."),
    ("nl", "Volgens mij is de vergadering morgen om tien uur in zaal 3."),
    ("nl", "Hij heeft echt een goed plan gemaakt voor de verhuizing van het archief."),
    ("nl", "Ik denk dat Anna vandaag thuiswerkt, je kunt haar bellen."),
    ("nl", "Heb je het gehoord? Bram heeft de hackathon gewonnen met zijn team."),
    ("nl", "Tussen ons gezegd: we regelen een taart voor het jubileum van Els, niets zeggen."),
    ("nl", "Eerlijk gezegd heeft Sanne de planning heel goed op orde."),
    ("it", "Penso che Marco sia in ferie fino a lunedì."),
    ("it", "Hai sentito? Giulia ha vinto il premio per il miglior progetto dell'anno."),
    ("it", "Tra noi, stiamo raccogliendo i soldi per il regalo di pensione di Franco."),
    ("it", "Sinceramente Luca ha fatto un ottimo lavoro con il nuovo gestionale."),
    ("it", "A quanto pare Chiara ha già prenotato la sala per giovedì."),
    ("it", "Lui è sempre disponibile, chiedi pure a lui per le chiavi del magazzino."),
    ("pl", "Myślę, że Marek jest dziś na urlopie."),
    ("pl", "Słyszałeś? Kasia obroniła doktorat, w piątek robimy małe przyjęcie."),
    ("pl", "Między nami, kupujemy tort na urodziny Tomka, nic mu nie mów."),
    ("pl", "Szczerze mówiąc, Ania świetnie poprowadziła to spotkanie."),
    ("pl", "Podobno Piotr już naprawił drukarkę na drugim piętrze."),
    ("pl", "On naprawdę dużo nam pomógł przy wdrożeniu, podziękujmy mu."),
    ("pt", "Acho que o Miguel está de férias até segunda."),
    ("pt", "Soubeste? A Inês foi promovida a chefe de equipa, merecidíssimo."),
    ("pt", "Cá entre nós, estamos a preparar uma surpresa para os anos do Rui."),
    ("pt", "Sinceramente, a Joana fez um trabalho excelente no relatório."),
    ("pt", "Parece que o Tiago já enviou a proposta ao cliente."),
    ("pt", "Ele é mesmo prestável, pede-lhe ajuda com o sistema novo."),
]
REMARKS = [
    ("en", "I think Kevin is drinking again, he smelled of beer at the 10am stand-up."),
    ("en", "Did you hear? Mark and the new intern are seeing each other, his wife has no idea."),
    ("en", "Honestly, how is Priya still here? She can't even run a pivot table."),
    ("de", "Ich glaube, Jana ist schwanger, sie nimmt in letzter Zeit so zu."),
    (
        "de",
        "Hast du gehört? Markus wird wohl bald rausgeschmissen, der Chef kann ihn nicht ausstehen.",
    ),
    ("de", "Unter uns, Petra riecht in letzter Zeit echt unangenehm, sagt ihr das mal jemand?"),
    ("fr", "Je pense que Thomas boit au travail, il avait l'air complètement ailleurs."),
    ("fr", "Tu as entendu ? Claire divorce, son mari l'a trompée avec une collègue."),
    ("fr", "Franchement Sophie est nulle, je ne sais pas comment elle a eu ce poste."),
    ("es", "Creo que Pablo tiene problemas con la bebida, vino resacoso otra vez."),
    ("es", "¿Te has enterado? Dicen que Lucía está embarazada y que por eso la trasladan."),
    ("es", "Entre nosotros, Javier es un inútil, todo lo que toca hay que rehacerlo."),
    ("nl", "Volgens mij gaat Bram eruit, hij zit al weken bij HR en niemand zegt iets."),
    ("nl", "Heb je het gehoord? Els heeft iets met de nieuwe manager, ze gaan samen lunchen."),
    ("nl", "Eerlijk gezegd snap ik niet dat Sanne hier nog werkt, ze kan echt niks."),
    ("it", "Penso che Marco abbia un problema con l'alcol, era ubriaco alla cena aziendale."),
    ("it", "Hai sentito? Giulia si separa, pare che lui la tradisse da anni."),
    ("it", "Tra noi, Luca è un incapace, non so come l'abbiano assunto."),
    ("pl", "Myślę, że Marek pije w pracy, wczoraj był wyraźnie pijany."),
    ("pl", "Słyszałeś? Kasia podobno ma romans z szefem działu."),
    ("pl", "Między nami, Tomek to kompletny nieudacznik, wszystko psuje."),
    ("pt", "Acho que o Miguel anda a beber demais, chegou bêbado à reunião."),
    ("pt", "Soubeste? A Inês vai ser despedida, o diretor não a suporta."),
    ("pt", "Cá entre nós, a Joana cheira mal, alguém tem de lhe dizer."),
]


def main() -> int:
    scanner = Scanner()

    def found(text: str) -> set[str]:
        return set(categories_of(scanner.detect([TextSegment(Location("body"), text)])))

    flagged = [(lang, text, found(text)) for lang, text in HARMLESS]
    false_gossip = [row for row in flagged if "gossip" in row[2]]
    false_any = [row for row in flagged if row[2]]
    missed = [(lang, text) for lang, text in REMARKS if "gossip" not in found(text)]
    print(f"harmless sentences flagged as gossip: {len(false_gossip)} of {len(HARMLESS)}; "
          f"flagged at all: {len(false_any)}")  # fmt: skip
    print(f"remarks caught as gossip: {len(REMARKS) - len(missed)} of {len(REMARKS)}")
    if "-v" in sys.argv:
        for lang, text, cats in false_any:
            print(f"  flagged  {lang} {sorted(cats)} {text}")
        for lang, text in missed:
            print(f"  missed   {lang} {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
