"""The meaning model: sentences it must flag or pass in each language, its explanations, loading."""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import pytest

from mailbrake.models import Category, Confidence, Location, TextSegment
from mailbrake.rules import Scanner, categories_of
from mailbrake.rules.meaning import default_model, meaning_findings
from mailbrake.rules.meaning.model import MeaningModel, ModelFileError, load_model, save_model

# (language, category, a sensitive sentence, an ordinary sentence in the same language).
# None of them is in the training data (corpus or seed set).
PAIRS = [
    ("en", "gossip", "Between you and me, I think Kevin has a drinking problem, he was slurring at the client dinner.", "Reminder: the quarterly town hall is on Thursday at 3pm in the main auditorium. Coffee will be served."),  # noqa: E501
    ("de", "gossip", "Hast du gehört? Stefan soll eine Affäre mit seiner Assistentin haben, seine Frau weiß nichts.", "Erinnerung: Die Betriebsversammlung ist am Donnerstag um 15 Uhr in der Kantine. Kaffee und Kuchen gibt es auch."),  # noqa: E501
    ("fr", "gossip", "Entre nous, je crois que Thomas boit trop, il est arrivé ivre à la réunion.", "Rappel : la réunion d'information a lieu jeudi à 15 h dans la grande salle. Café offert."),  # noqa: E501
    ("es", "gossip", "Dicen que Pablo tiene una aventura con la nueva, y que su mujer lo va a dejar.", "Recordatorio: la reunión general es el jueves a las 15:00 en el auditorio. Habrá café."),  # noqa: E501
    ("nl", "gossip", "Volgens mij is Bram dronken naar zijn werk gekomen, hij heeft echt een drankprobleem.", "Herinnering: de personeelsbijeenkomst is donderdag om 15.00 uur in de kantine. Er is koffie."),  # noqa: E501
    ("it", "gossip", "Tra noi, Paolo è un incompetente, non so come l'abbiano promosso. E beve troppo.", "Promemoria: l'assemblea generale è giovedì alle 15 nell'auditorium. Ci sarà il caffè."),  # noqa: E501
    ("pl", "gossip", "Między nami, Marek chyba pije w pracy, wczoraj był pijany na spotkaniu.", "Przypomnienie: spotkanie ogólne odbędzie się w czwartek o 15:00 w auli. Będzie kawa."),  # noqa: E501
    ("pt", "gossip", "Cá entre nós, o Miguel anda a beber demais, chegou bêbado à reunião.", "Lembrete: a reunião geral é na quinta-feira às 15h no auditório. Haverá café."),  # noqa: E501
    ("en", "internal", "Restructuring plan: seven roles go in the Manchester office and the team shrinks from 9 to 6 by June.", "The new coffee machine on the third floor takes cards now."),  # noqa: E501
    ("de", "internal", "Protokoll der Vorstandssitzung: Das Werk in Bremen wird geschlossen, 40 Stellen werden abgebaut.", "Die neue Kaffeemaschine im dritten Stock nimmt jetzt auch Karten."),  # noqa: E501
    ("fr", "internal", "Plan de restructuration : suppression de douze postes à Lyon, annonce aux équipes en avril.", "La nouvelle machine à café du troisième étage accepte maintenant les cartes."),  # noqa: E501
    ("es", "internal", "Plan de reestructuración: se eliminan doce puestos en Bilbao y se cierra el almacén en abril.", "La nueva cafetera de la tercera planta ya acepta tarjetas."),  # noqa: E501
    ("nl", "internal", "Reorganisatieplan: in Rotterdam vervallen twaalf functies en het magazijn sluit in april.", "Het nieuwe koffieapparaat op de derde verdieping accepteert nu ook pasjes."),  # noqa: E501
    ("it", "internal", "Piano di ristrutturazione: a Milano vengono tagliati dodici posti e il magazzino chiude ad aprile.", "La nuova macchinetta del caffè al terzo piano ora accetta le carte."),  # noqa: E501
    ("pl", "internal", "Plan restrukturyzacji: w Gdańsku likwidujemy dwanaście etatów, magazyn zostanie zamknięty w kwietniu.", "Nowy ekspres do kawy na trzecim piętrze przyjmuje już karty."),  # noqa: E501
    ("pt", "internal", "Plano de reestruturação: em Braga são extintos doze postos e o armazém fecha em abril.", "A nova máquina de café do terceiro piso já aceita cartões."),  # noqa: E501
    ("en", "confidential", "We expect to sign the merger with Halden Group on 3 March at 55 million; the deal has not been announced.", "Acme today announced it has completed its merger with Halden Group, as reported in March."),  # noqa: E501
    ("de", "confidential", "Die Fusion mit der Halden AG wird am 3. März unterschrieben, 55 Millionen, die Übernahme ist noch nicht angekündigt.", "Die Kantine hat ab März neue Öffnungszeiten."),  # noqa: E501
    ("fr", "confidential", "La fusion avec Halden sera signée le 3 mars pour 55 millions ; l'acquisition n'est pas encore annoncée.", "La cantine a de nouveaux horaires à partir de mars."),  # noqa: E501
    ("es", "confidential", "La fusión con Halden se firmará el 3 de marzo por 55 millones; la adquisición no se ha anunciado.", "El comedor tiene nuevo horario a partir de marzo."),  # noqa: E501
    ("nl", "confidential", "De fusie met Halden wordt op 3 maart getekend voor 55 miljoen; de overname is nog niet aangekondigd.", "De kantine heeft vanaf maart nieuwe openingstijden."),  # noqa: E501
    ("it", "confidential", "La fusione con Halden sarà firmata il 3 marzo per 55 milioni; l'acquisizione non è ancora stata annunciata.", "La mensa ha un nuovo orario da marzo."),  # noqa: E501
    ("pl", "confidential", "Fuzję z Halden podpiszemy 3 marca za 55 milionów; przejęcie nie zostało jeszcze ogłoszone.", "Stołówka ma nowe godziny otwarcia od marca."),  # noqa: E501
    ("pt", "confidential", "A fusão com a Halden será assinada a 3 de março por 55 milhões; a aquisição ainda não foi anunciada.", "A cantina tem novo horário a partir de março."),  # noqa: E501
    ("en", "personal_data", "Linda Moore has been diagnosed with diabetes and is on sick leave until her insulin is sorted.", "Our diabetes awareness walk raised 2,000 for the charity; thanks to everyone who joined."),  # noqa: E501
    ("de", "personal_data", "Frau Schulz hat Diabetes und ist krankgeschrieben, bis die Insulintherapie eingestellt ist.", "Der Betriebsausflug geht dieses Jahr an den Bodensee."),  # noqa: E501
    ("fr", "personal_data", "Madame Girard a un diabète et est en arrêt maladie le temps d'ajuster son traitement.", "La sortie d'équipe aura lieu cette année au bord du lac."),  # noqa: E501
    ("es", "personal_data", "La señora Navarro tiene diabetes y está de baja hasta que ajusten su tratamiento.", "La excursión del equipo será este año en el lago."),  # noqa: E501
    ("nl", "personal_data", "Mevrouw de Boer heeft diabetes en is ziek thuis tot haar behandeling is ingesteld.", "Het teamuitje gaat dit jaar naar het meer."),  # noqa: E501
    ("it", "personal_data", "La signora Greco ha il diabete ed è in malattia finché non sistemano la terapia.", "La gita aziendale quest'anno sarà al lago."),  # noqa: E501
    ("pl", "personal_data", "Pani Kowalczyk ma cukrzycę i jest na zwolnieniu lekarskim do czasu ustawienia leczenia.", "Wycieczka firmowa w tym roku odbędzie się nad jeziorem."),  # noqa: E501
    ("pt", "personal_data", "A Sra. Martins tem diabetes e está de baixa médica até ajustarem o tratamento.", "O passeio da equipa este ano será no lago."),  # noqa: E501
]  # fmt: skip
IDS = [f"{lang}-{cat}" for lang, cat, _s, _o in PAIRS]
# Sensitive sentences the shipped model misses (measured; see docs/detectors.md, limits).
MISSED = {"it-internal"}


def probability(text: str, category: str) -> float:
    model = default_model()
    return next(v.probability for v in model.score([text]) if v.category == category)


def flagged(text: str) -> set[str]:
    return {v.category for v in default_model().score([text]) if v.positive}


@pytest.mark.parametrize(("lang", "category", "sensitive", "ordinary"), PAIRS, ids=IDS)
def test_the_sensitive_sentence_scores_above_the_ordinary_one(
    lang: str, category: str, sensitive: str, ordinary: str
) -> None:
    assert probability(sensitive, category) > probability(ordinary, category) + 0.05


@pytest.mark.parametrize(
    ("lang", "category", "sensitive", "ordinary"),
    [p for p, i in zip(PAIRS, IDS, strict=True) if i not in MISSED],
    ids=[i for i in IDS if i not in MISSED],
)
def test_the_sensitive_sentence_is_flagged_in_its_category(
    lang: str, category: str, sensitive: str, ordinary: str
) -> None:
    assert category in flagged(sensitive)


@pytest.mark.parametrize(("lang", "category", "sensitive", "ordinary"), PAIRS, ids=IDS)
def test_the_ordinary_sentence_is_not_flagged(
    lang: str, category: str, sensitive: str, ordinary: str
) -> None:
    assert flagged(ordinary) == set()


def test_a_finding_names_the_sentence_line_score_and_words_not_the_sentence() -> None:
    body = (
        "Hi all,\n\nThanks for the notes from Tuesday.\n"
        "Restructuring plan: seven roles go in the Manchester office and the team shrinks "
        "from 9 to 6 by June.\n\nBest, Ann"
    )
    found = meaning_findings(
        default_model(), [TextSegment(Location("attachment", "plan.docx"), body)]
    )
    internal = next(f for f in found if f.category is Category.INTERNAL)
    assert internal.detector == "meaning"
    assert internal.location == Location("attachment", "plan.docx", "line 4")
    assert internal.score is not None
    assert internal.score >= 0.5
    assert internal.words
    assert internal.snippet == f"sentence weighed most: {', '.join(internal.words)}"
    assert "Manchester" not in internal.snippet  # the cue, never the sentence itself
    assert internal.confidence >= Confidence.MEDIUM
    assert internal.as_dict()["words"] == list(internal.words)


def test_the_model_reads_every_part_of_a_message_together() -> None:
    segments = [
        TextSegment(Location("subject"), "notes"),
        TextSegment(Location("body"), "See the attached file."),
        TextSegment(
            Location("attachment", "minutes.txt"),
            "Restructuring plan: seven roles go in the Manchester office and the team shrinks "
            "from 9 to 6 by June.",
        ),
    ]
    found = Scanner(meaning=default_model()).detect(segments)
    assert "internal" in categories_of(found)
    assert next(f for f in found if f.detector == "meaning").location.name == "minutes.txt"


def test_a_scanner_without_the_model_finds_nothing_the_model_would() -> None:
    segments = [TextSegment(Location("body"), PAIRS[0][2])]
    assert not [f for f in Scanner(meaning=None).detect(segments) if f.detector == "meaning"]


def test_the_model_is_loaded_once_per_process() -> None:
    assert default_model() is default_model()


def test_save_and_load_give_the_same_scores(tmp_path: Path) -> None:
    path = tmp_path / "m.json.gz"
    save_model(default_model(), path)
    again = load_model(path)
    text = PAIRS[8][2]
    assert [round(v.probability, 3) for v in again.score([text])] == [
        round(v.probability, 3) for v in default_model().score([text])
    ]


def test_a_broken_model_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(gzip.compress(json.dumps({"categories": ["gossip"]}).encode()))
    with pytest.raises(ModelFileError, match=r"bad\.json\.gz.*not a meaning model"):
        load_model(bad)
    with pytest.raises(ModelFileError, match="cannot read the meaning model"):
        load_model(tmp_path / "missing.json.gz")


def test_a_row_of_the_wrong_width_is_refused() -> None:
    data = {"categories": ["gossip"], "bias": [0.0], "thresholds": [0.5], "rows": {"a": [1.0]}}
    with pytest.raises(ModelFileError, match="2 values"):
        MeaningModel.from_json(data, "m")


def test_the_model_file_keeps_terms_as_one_string_and_weights_as_one_array(
    tmp_path: Path,
) -> None:
    path = tmp_path / "m.json.gz"
    save_model(default_model(), path)
    data = json.loads(gzip.decompress(path.read_bytes()))
    assert data["format"] == 2
    assert isinstance(data["terms"], str)
    assert isinstance(data["weights"], str)
    again = load_model(path)
    assert set(again.rows) == set(default_model().rows)
    term = next(iter(default_model().rows))
    assert again.rows[term] == pytest.approx(default_model().rows[term], abs=1e-5)


def test_a_weights_array_of_the_wrong_length_is_refused() -> None:
    model = MeaningModel(("gossip",), {"a": (1.0, 0.5), "b": (2.0, -0.5)}, (0.0,), (0.5,))
    data = model.to_json()
    assert MeaningModel.from_json(data, "m").rows["b"] == (2.0, -0.5)
    data["terms"] = "a\nb\nc"
    with pytest.raises(ModelFileError, match="2 values"):
        MeaningModel.from_json(data, "m")
    data["weights"] = "not base64!"
    with pytest.raises(ModelFileError, match="not a meaning model"):
        MeaningModel.from_json(data, "m")


@pytest.mark.parametrize("idf", [0.0, -1.0, float("nan")])
def test_a_term_without_a_positive_idf_is_refused(idf: float) -> None:
    # Scoring keeps idf x weight, and a weight is read back as that over the idf.
    model = MeaningModel(("gossip",), {"a": (1.0, 0.5), "b": (idf, -0.5)}, (0.0,), (0.5,))
    for data in (model.to_json(), {**model.to_json(), "format": 1, "rows": dict(model.rows)}):
        with pytest.raises(ModelFileError, match="idf is not positive"):
            MeaningModel.from_json(data, "m")


def test_the_norm_power_is_kept_in_the_file_and_a_long_message_is_diluted_less_below_one() -> None:
    neutral = ("alpha", "bravo", "delta", "echo", "golf", "hotel", "india", "kilo", "lima")
    rows = {"drunk": (2.0, 3.0), **dict.fromkeys(neutral, (1.0, 0.0))}
    plain = MeaningModel(("gossip",), rows, (-2.0,), (0.5,))
    softer = MeaningModel(("gossip",), rows, (-2.0,), (0.5,), "", 0.5)
    assert plain.norm_power == 1.0
    assert MeaningModel.from_json(softer.to_json(), "m").norm_power == 0.5
    # Alone, the word's vector is divided by its idf (2) or its square root; among nine
    # neutral words plain L2 normalisation dilutes it below the threshold, the softer one not.
    assert plain.score(["drunk"])[0].probability == pytest.approx(1 / (1 + math.exp(-1.0)))
    assert softer.score(["drunk"])[0].probability > plain.score(["drunk"])[0].probability
    long = ["drunk " + " ".join(neutral)]
    assert not plain.score(long)[0].positive
    assert softer.score(long)[0].positive


@pytest.mark.parametrize("power", [0.0, -0.5, 1.5, "x"])
def test_a_norm_power_out_of_range_is_refused(power: object) -> None:
    data = MeaningModel(("gossip",), {"a": (1.0, 0.5)}, (0.0,), (0.5,)).to_json()
    data["norm_power"] = power
    with pytest.raises(ModelFileError, match=r"norm_power|not a meaning model"):
        MeaningModel.from_json(data, "m")


def test_template_markup_is_not_read_as_words() -> None:
    # "Hi / Hello {{ name }}" was read as "hi hello name", the words of a staff table.
    template = [
        TextSegment(Location("subject"), "Hi"),
        TextSegment(Location("body"), "Hello {{ name }}\n", template=True),
    ]
    assert meaning_findings(default_model(), template) == []
    plain = [TextSegment(Location("subject"), "Hi"), TextSegment(Location("body"), "Hello name\n")]
    assert meaning_findings(default_model(), plain) != []  # the words alone are flagged


def test_a_finding_in_a_template_names_the_line_of_the_text_around_the_markup() -> None:
    body = (
        "Dear {{ first_name }},\n{# a note\nover two lines #}\nThanks.\n"
        "Restructuring plan: seven roles go in the Manchester office and the team shrinks "
        "from 9 to 6 by June.\n"
    )
    found = meaning_findings(default_model(), [TextSegment(Location("body"), body, template=True)])
    internal = next(f for f in found if f.category is Category.INTERNAL)
    assert internal.location.detail == "line 5"


def test_a_string_literal_in_template_markup_is_still_read() -> None:
    # Markup is no hiding place: what it prints as written is read as words.
    body = "Hello {{ name }},\n{{ " + repr(PAIRS[0][2]) + " }}\n"
    found = meaning_findings(default_model(), [TextSegment(Location("body"), body, template=True)])
    assert Category.GOSSIP in {f.category for f in found}


def test_braces_in_a_message_that_is_no_template_are_read_as_written() -> None:
    # A gateway message or a scanned file is not rendered: what is inside braces is text
    # recipients read, so wrapping a remark in {{ }} must not hide it from the model.
    body = "Hello all,\n{{ " + PAIRS[0][2] + " }}\n"
    found = meaning_findings(default_model(), [TextSegment(Location("body"), body)])
    assert Category.GOSSIP in {f.category for f in found}
