"""What the blind probe's ninth round (look30, look31) found the rules lacked: each case in
the languages it names, with the look-alikes that must stay as they are."""

from __future__ import annotations

import pytest

from mailbrake.models import Category
from tests.rules.helpers import categories, kinds, scan_text

PD = Category.PERSONAL_DATA
CONF = Category.CONFIDENTIAL
INT = Category.INTERNAL
CRED = Category.CREDENTIALS


@pytest.mark.parametrize(
    "text",
    [
        'Is Gareth coming, or will he be having his usual "liquid lunch" at the Crown again?',
        "Et Sophie ? Depuis qu'elle « travaille tard » avec Maître Delorme elle ne mange plus ici.",
        "Und Jonas? Seit er „Überstunden“ mit Frau Keller macht, sehen wir ihn nie.",
        'Y Marta, desde que ella tiene sus "viajes de trabajo" con Ramón, ya no viene.',
        "Oby Kamil dojechał – wszyscy już wiemy, na czym polega jego „grypa żołądkowa”.",
        'E a Rita, com a sua "enxaqueca" de todas as sextas, já ligou o Pedro?',
    ],
)
def test_a_cover_story_or_an_illness_in_scare_quotes_is_gossip(text: str) -> None:
    assert "gossip" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        'Click "Overtime" in the menu, then Anna Berg approves the hours.',
        'Laura Pinto wrote a leaflet on "flu" jabs for the over-65s.',
        "Dr Weber: the so-called „Magen-Darm-Grippe“ is no influenza, explains the leaflet.",
        "Our team lunch is on Friday; Gareth books the table at the Crown.",
    ],
)
def test_a_menu_label_or_a_quoted_term_said_of_nobody_is_no_gossip(text: str) -> None:
    assert "gossip" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Off-agenda: is Leanne still seeing Craig from WFM? Would explain the good rota.",
        "A tak między nami – Grażyna Nowak znowu przyszła spóźniona. Dyrektor podobno już wie.",
        "A Rita Sousa está com um ar péssimo. Ou está doente ou o divórcio está a correr mal.",
        "Between us, is he on the way out? Mark Hollis had two meetings with HR this week.",
    ],
)
def test_a_couple_a_rumour_between_us_or_a_guess_at_illness_is_gossip(text: str) -> None:
    assert "gossip" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Is Leanne still seeing clients on Thursdays? Craig needs the room.",
        "Apparemment, Julie Martin a déjà réservé la salle pour jeudi.",
        "The old printer is on the way out, says Tom Reid; the new one arrives Monday.",
        "Entre nous, le pot de départ de Claire Dubois sera à 17 h, c'est une surprise !",
    ],
)
def test_the_same_words_in_harmless_use_are_no_gossip(text: str) -> None:
    assert "gossip" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "FYI: the Leeds pricing desk closes end of March, four go, the other two move to Watford.",
        "Reestruturação: a secção de Cultura fecha em abril; saem três (dois redatores e a "
        "editora).",
        "Evening shift reduces from 14 to 9 seats from 1 April.",
    ],
)
def test_a_closure_with_its_job_count_is_internal(text: str) -> None:
    assert "restructuring" in kinds(text, INT)


@pytest.mark.parametrize(
    "text",
    [
        "The café closes at four; two go home early on Fridays.",
        "The Leeds office closes at noon on Friday, so two go to the Watford party instead.",
        "The Leeds store closes on Sunday for the bank holiday.",
    ],
)
def test_opening_hours_are_no_closure(text: str) -> None:
    assert "restructuring" not in kinds(text, INT)


@pytest.mark.parametrize(
    "text",
    [
        "Propusemos 690 mil € por ano; a contraproposta do procurement foi 540 mil €. Ainda não "
        "está fechado.",
        "We offered £1.2m; their counter-offer is £950k and it's not yet signed.",
        "Sie wollen Exklusivität für 18 Monate, Preis 2,1 Mio. €, noch nicht unterschrieben.",
    ],
)
def test_a_deal_in_negotiation_with_its_price_is_confidential(text: str) -> None:
    assert "unannounced_deal" in kinds(text, CONF)


def test_results_kept_to_yourselves_until_published_are_confidential() -> None:
    text = (
        "These feed into the group figures released on 24 October, so please keep them to "
        "yourselves until then. Net new lending £212m (Q2: £247m)."
    )
    assert "unannounced_results" in kinds(text, CONF)


def test_a_salary_column_of_plain_numbers_beside_names_is_pay() -> None:
    text = (
        "Name\tStandort\tBruttojahresgehalt (€)\n"
        "Ralf Opitz\tBonn\t71.500\n"
        "Melanie Schrader\tBonn\t46.200\n"
        "Anja Wendt\tBonn\t38.400\n"
    )
    assert "salary_table" in kinds(text, PD)


def test_a_salary_grade_column_is_no_pay() -> None:
    text = "Name\tTeam\tSalary grade\nRalf Opitz\tBonn\t4\nMelanie Schrader\tBonn\t3\n"
    assert "salary_table" not in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for bringing Bella in. The ultrasound confirmed she is pregnant, and the vet "
        "counted five puppies; her due date is 2-6 August.",
        "Die Ultraschalluntersuchung in der Tierklinik zeigt: Luna ist trächtig, sie ist "
        "schwanger mit vier Welpen.",
    ],
)
def test_a_pets_pregnancy_is_no_health_fact(text: str) -> None:
    assert "health" not in kinds(text, PD)


def test_a_persons_pregnancy_stays_a_health_fact() -> None:
    text = "Sarah Collins is pregnant, due in August, so she will go on leave in July."
    assert "health" in kinds(text, PD)


@pytest.mark.parametrize(
    "value",
    ["cambia-esto-por-una-cadena-aleatoria", "a-remplacer-par-une-chaine-aleatoire"],
)
def test_a_placeholder_that_says_to_put_a_value_in_is_no_secret(value: str) -> None:
    assert CRED not in {f.category for f in scan_text(f"SECRET_KEY={value}\n")}


def test_a_real_random_secret_key_is_still_found() -> None:
    assert CRED in {f.category for f in scan_text("SECRET_KEY=q8Zt-4rVw-Lm2x-Hp7c-Yd3n\n")}


def test_passwords_listed_as_bad_examples_are_advice() -> None:
    text = (
        "Schlechte Beispiele, die wir in der Praxis leider immer wieder sehen: „Passwort123“, "
        "„Sommer2025!“, „Rheinfelden1“."
    )
    assert CRED not in {f.category for f in scan_text(text)}


def test_a_password_handed_over_is_still_found_after_an_example_elsewhere() -> None:
    text = (
        "Ein gutes Beispiel: vier zufällige Wörter.\n"
        "Dein neues Passwort lautet: Kx7!mPq2Rt, bitte sofort ändern."
    )
    assert CRED in {f.category for f in scan_text(text)}


def test_a_proof_of_address_asked_for_is_no_home_address() -> None:
    text = (
        "Merci de joindre un justificatif de domicile de moins de 3 mois (facture d'eau, "
        "d'électricité ou avis de taxe foncière)."
    )
    assert "home_address" not in kinds(text, PD)


def test_a_building_societys_own_sort_code_in_a_newsletter_is_not_personal() -> None:
    text = (
        "Paying into your account by bank transfer: use our sort code 40-62-18, the account "
        "number 00184377 (Harbourside collection account) and your roll number as reference."
    )
    assert not kinds(text, PD) & {"sort_code", "bank_account"}


# look32, look33 and look29's blocks: what a strict checker blocks wrongly, and gossip that
# still reads as gossip


@pytest.mark.parametrize(
    "text",
    [
        "Le Wi-Fi invités a changé : mot de passe « cannelle2024 ». Il est écrit sur l'ardoise.",
        "Guest network: FoundryLane-Guest / password: flatwhite-tuesday. It's written on the "
        "chalkboard at reception.",
        "Nueva red para pacientes.\nNombre de la red: HSI-Pacientes\nContraseña: Bienestar2025\n"
        "Esta contraseña es pública: viene impresa en los carteles.",
    ],
)
def test_a_guest_networks_password_shown_to_all_is_no_credential(text: str) -> None:
    assert CRED not in {f.category for f in scan_text(text)}


def test_a_guest_networks_password_sent_to_one_person_is_still_a_credential() -> None:
    text = "Hi Rafi, for tomorrow's workshop the guest wifi password is Kx7!mPq2Rt-guest."
    assert CRED in {f.category for f in scan_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "    postgresql://<username>:<password>@pg.example:5432/<dbname>?sslmode=require",
        "Server=NOME_SERVER;Database=NOME_DB;User Id=UTENTE;Password=PASSWORD;Encrypt=True;",
        '-H "Authorization: Bearer cbr_test_TU_CLAVE_AQUI"',
        "JWT_SECRET=dev-only-not-a-secret",
        "api_key: ${VAULT:secret/marketdata/my-service}",
        "3. Hasła: dlaczego „StarePole2025” i „Gmina123!” to złe hasła.",
    ],
)
def test_placeholders_and_bad_examples_in_guides_are_no_credentials(text: str) -> None:
    assert CRED not in {f.category for f in scan_text(text)}


def test_a_password_column_named_in_a_csv_header_is_not_its_first_row() -> None:
    text = "lidnummer,naam,wachtwoord\nT-0001,Testlid Een,${TEST_USER_PASSWORD}\n"
    assert CRED not in {f.category for f in scan_text(text)}


def test_a_token_on_the_line_after_its_sentence_is_still_found() -> None:
    text = (
        "For the stats bot, the token it runs on right now is\n"
        "MTE4NzQ1OTIzMDQ1NjI4NzM2OA.ou65JT.mBKS50bPtUb0wOyuhfU0m05GONqqxDylfJ4tJR\n"
    )
    assert CRED in {f.category for f in scan_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "If you find yourself typing CONFIDENTIAL at the top of a leisure centre timetable, stop.",
        "I ragazzi vedranno i fascicoli con i timbri originali «RISERVATISSIMO» e «SEGRETO».",
        "In der Fußzeile steht „VERTRAULICH – nur zur internen Verwendung“, bitte entfernen.",
        "La posta arriva con diciture come «RISERVATA», «RISERVATA PERSONALE» o «SEGRETO».",
        "Program: Klauzule: „zastrzeżone”, „poufne”, „tajne” i „ściśle tajne” – kto nadaje "
        "klauzulę.",
        "RISERVATO: i vostri 20 posti per la prima di venerdì.",
        "This Thursday: TOP SECRET: Operation Nightjar, a hidden-role board game for 5-9 players.",
        "Thema van deze pubquiz: TOP SECRET. Verwacht vragen over spionagefilms.",
        "TOP SECRET\nAgents, your mission, should you choose to accept it, is to find the starter.",
        "Der Plan (streng geheim!): wir proben ein Ständchen für Herrn Bachmann.",
        "El concierto de otoño será ALTO SECRETO: música de cine de espías.",
    ],
)
def test_a_marker_named_played_with_or_booked_is_no_classification(text: str) -> None:
    assert "classification_marker" not in kinds(text, CONF)


@pytest.mark.parametrize(
    "text",
    [
        "CONFIDENTIAL: board paper on the Q3 restructuring, do not forward.",
        "Documento RISERVATO: piano esuberi 2026, 20 posti in meno nello stabilimento.",
        "STRENG GEHEIM: Übernahmeangebot für die Keller AG.",
    ],
)
def test_a_marker_on_business_stays_a_classification(text: str) -> None:
    assert "classification_marker" in kinds(text, CONF)


def test_an_ean_column_is_no_card_number() -> None:
    text = "Artikel\tEAN\nRoggenbrot 750 g\t4260123450021\nDinkelbrot\t4260123450120\n"
    assert "payment_card" not in kinds(text, PD)


def test_a_public_bodys_account_named_before_its_iban_is_its_own() -> None:
    text = "Die richtige IBAN der Stadtkasse lautet DE84 3605 0105 9108 9313 06."
    assert "iban" not in kinds(text, PD)


def test_a_firms_address_in_its_master_data_is_no_home_address() -> None:
    text = "Feld\tAngabe\nFirma\tHolzwerk Ebner GmbH\nAnschrift\tAm Sägewerk 3, 87509 Immenstadt\n"
    assert "home_address" not in kinds(text, PD)


def test_a_performance_review_of_engines_is_not_internal() -> None:
    text = "APU performance review Q4: 9 of 11 units within limits, EGT margin trending down."
    assert "performance_review" not in kinds(text, INT)


def test_a_public_competitions_pay_is_no_ones() -> None:
    text = (
        "Pubblicato il bando di concorso pubblico per 3 posti di giardiniere. Retribuzione annua "
        "lorda tabellare: € 22.135,44, referente Marco Bellini."
    )
    assert "salary" not in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Ab 1. Mai wird die Nachtschicht am Kai 2 gestrichen. Die sechs Kollegen gehen auf Kai 4.",
        "From April the night shift is cut and the twelve agents move to days.",
    ],
)
def test_a_shift_cut_is_internal(text: str) -> None:
    assert "restructuring" in kinds(text, INT)


@pytest.mark.parametrize(
    "text",
    [
        "Me cuenta Puri que vio a Ramírez con la concejala muy acaramelados en la terraza.",
        "Hanneke zegt dat het met Bart niet gaat: het gaat thuis niet goed en drinkt hij ook weer.",
        "O Rui faltou outra vez. Toda a gente comenta que é a bebida outra vez.",
        "Non girarle a Marco Gentile. Non so ancora come abbia fatto a passare il colloquio.",
        "Und Brandt hat wieder alles vergessen – wie der die Probezeit überstanden hat?",
    ],
)
def test_drinking_again_a_couple_or_a_jab_at_passing_probation_is_gossip(text: str) -> None:
    assert "gossip" in categories(text)


# look34: gossip inside ordinary mail, oblique


@pytest.mark.parametrize(
    "text",
    [
        "Same Steve Ashworth? Lad couldn't park a bike in an empty car park. Good luck.",
        "Can someone stop Kevin Doyle using my login? He can't work a label printer, never mind "
        "the WMS.",
        "PS: Bitte nicht wieder Frau Dr. Albers anrufen. Die findet ja nicht mal den "
        "Einschaltknopf am Drucker.",
        "Darren Pike rolled into the briefing again reeking of last night. Word in the crew mess "
        "is he and Kasia closed the bar.",
        "P.S. Off the record, Oliver Grant's migraines come in pint glasses.",
        "You'll never guess – Janine and Tomasz, saw them in the car park on Friday. He's "
        "married, so keep that one under your hat.",
        "Und mal unter uns: der Krüger hatte beim Schichtwechsel wieder eine ordentliche Fahne.",
        "Pour Gérard, pas étonnant, tout le monde sait qu'il picole.",
        "A Julián no le renuevan la interinidad; el pobre no sabe ni reiniciar un switch. Pero no "
        "lo comentes.",
        'Careful what you leave for Rhona. She went to a "dentist appointment" in a full suit.',
        "E não contem com o Rui Teixeira. Diz-se no piso que anda cheio de dívidas por causa "
        "das apostas online.",
        "Le Dr Vasseur n'apparaît pas : officieusement il chercherait ailleurs.",
        "Con tutto quello che beve a pranzo, Gianni Serra non ricorda cosa ha firmato ieri.",
    ],
)
def test_oblique_remarks_about_a_named_colleague_are_gossip(text: str) -> None:
    assert "gossip" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Sarah Cole says the whole team knows the new rota by heart now – thank you all!",
        "Unofficially, Tom Hale tells me the canteen reopens on Monday.",
        "We can't even find a room for Anna Berg's leaving do – any ideas?",
        "Word on the street is that Mark Jones has baked a cake for everyone.",
    ],
)
def test_the_same_words_in_a_friendly_note_are_no_gossip(text: str) -> None:
    assert "gossip" not in categories(text)


# the look sets' remaining blocks


@pytest.mark.parametrize(
    "text",
    [
        "Spy novel, ch. 12 edits. p. 217: When Maren types the password, you've got it as "
        '"Nightjar44" here and "nightjar-44" in ch. 3.',
        'Narrative design, level 4: the player finds a note. It reads: "Password for the vault - '
        'MOONRAKER-7." Inside the safe: the dossier prop.',
    ],
)
def test_a_characters_password_in_a_story_or_a_game_is_no_credential(text: str) -> None:
    assert CRED not in {f.category for f in scan_text(text)}


def test_a_password_in_quotes_beside_a_book_club_note_without_a_story_is_found() -> None:
    text = 'The wifi password for Thursday is "Kx7!mPq2Rt" - see you there.'
    assert CRED in {f.category for f in scan_text(text)}


def test_a_quotes_sheet_holds_the_suppliers_own_account() -> None:
    text = "Betaling op\tNL22 INGB 0006 6249 18\n"
    found = scan_text(text, part="attachment", name="Offerte_2024-0318_Kroeze.xlsx")
    assert "iban" not in {f.kind for f in found}


# look35, look36


@pytest.mark.parametrize(
    "text",
    [
        "Il pagamento potrà avvenire con assegno circolare intestato al Notaio o con bonifico sul "
        "conto dello studio:\n  Studio Notarile Bassani – IBAN IT55 X423 6968 2971 8525 9386 014"
        "\n\nRestiamo a disposizione.",
        "Spenden bitte auf das Konto der Kath. Kirchenstiftung St. Ulrich Hohenmoor, IBAN DE47 "
        "2929 9267 2127 1656 04, Stichwort Orgel.",
    ],
)
def test_a_notarys_or_a_parishs_own_account_is_not_personal(text: str) -> None:
    assert "iban" not in kinds(text, PD)


def test_a_persons_account_after_their_name_is_still_personal() -> None:
    text = "Please refund to:\n  Martina Kessler – IBAN IT55 X423 6968 2971 8525 9386 014"
    assert "iban" in kinds(text, PD)


def test_a_lifted_sperrfrist_said_at_length_is_no_marker() -> None:
    text = (
        "Die Sperrfrist der unten stehenden Mitteilung ist seit Montag, 10 Uhr, abgelaufen. "
        "Sie können den Text frei verwenden."
    )
    assert "classification_marker" not in kinds(text, CONF)


def test_a_diagnosis_said_after_the_condition_is_a_health_fact() -> None:
    text = (
        "Bei Emil Kranz aus der Igelgruppe wurde letzte Woche in der Uniklinik Epilepsie "
        "festgestellt."
    )
    assert "health" in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Pani Kasia Nowicka znowu przysłała L4. Ciekawe, czy naprawdę jest chora.",
        "Bravo à Jean-Marc pour son scoop. On se demande comment il a eu sa carte de presse.",
    ],
)
def test_doubting_an_illness_or_how_someone_got_the_job_is_gossip(text: str) -> None:
    assert "gossip" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Picking up the Delacroix-Ward complaint that has now gone to the Ombudsman; we propose "
        "a goodwill payment of £2,400.",
        "Ricorso all'Arbitro Bancario Finanziario della cliente: proponiamo un rimborso di "
        "1.850 €.",
    ],
)
def test_a_customers_case_before_an_ombudsman_is_a_legal_matter(text: str) -> None:
    assert "legal_matter" in kinds(text, CONF)


@pytest.mark.parametrize(
    "text",
    [
        "If you are unhappy with our answer, you can refer your complaint to the Financial "
        "Ombudsman Service within six months.",
        "Final response sent within 8 weeks. Customer satisfied, no FOS referral rights needed.",
    ],
)
def test_the_standard_ombudsman_wording_is_no_legal_matter(text: str) -> None:
    assert "legal_matter" not in kinds(text, CONF)


# look37, look38


def test_a_door_code_printed_for_couriers_and_visitors_is_no_credential() -> None:
    text = (
        "During staffed hours the street door is also open with the code 2580, which is printed "
        "on the sign next to the door for couriers and visitors."
    )
    assert CRED not in {f.category for f in scan_text(text)}


def test_a_door_code_sent_to_one_person_is_still_a_credential() -> None:
    text = "Hi Sam, the street door is open with the code 2580 until Friday, see you there."
    assert CRED in {f.category for f in scan_text(text)}


def test_a_breachs_commonest_passwords_table_is_statistics() -> None:
    text = (
        "Researchers have published the most frequent passwords in the dump.\n"
        "#\tPassword\tAccounts\n1\tqwerty123\t201,577\n2\tSummer2024!\t97,215\n"
    )
    assert CRED not in {f.category for f in scan_text(text)}


def test_a_password_table_of_accounts_is_still_a_credential() -> None:
    text = "User\tPassword\tHost\njsmith\tSummer2024!x\tvpn01\nakhan\tKx7!mPq2Rt\tvpn02\n"
    assert CRED in {f.category for f in scan_text(text)}


def test_an_example_key_in_a_readme_is_no_credential() -> None:
    assert CRED not in {f.category for f in scan_text("CORVID_API_KEY=cvd_test_EXAMPLEEXAMPLE00\n")}


@pytest.mark.parametrize(
    "text",
    [
        "In unserem kostenfreien Live-Webinar zeigen wir Ihnen, wie Sie Abmahnung, Kündigung und "
        "Aufhebungsvertrag sauber vorbereiten.",
        "Webinar 14 May: performance reviews that don't end up at tribunal.",
    ],
)
def test_a_webinars_topics_are_not_internal(text: str) -> None:
    assert "performance_review" not in kinds(text, INT)


def test_a_named_employees_review_beside_a_session_stays_internal() -> None:
    text = (
        "- Room booked for the next session, same time\n"
        "- Nicholas's mid-year review is done - rated below expectations, so a development plan."
    )
    assert "performance_review" in kinds(text, INT)


def test_health_advice_to_whoever_it_applies_is_no_health_fact() -> None:
    text = (
        "Ein Hinweis unseres Trainerteams: Wer Bluthochdruck hat oder schwanger ist, sollte vor "
        "dem Einstieg kurz mit der Hausärztin sprechen."
    )
    assert "health" not in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Wpłat prosimy dokonywać na rachunek uczelni:\nAkademia Wiślańska\n"
        "PL24 1020 5561 0000 3172 4583 0019\nW tytule: imię i nazwisko kandydata.",
        "Płatność przelewem 14 dni:\nWiniarnia Pod Dębem s.c., PL41 1924 9010 4400 0004 2008 7713",
    ],
)
def test_a_universitys_or_a_shops_own_account_is_not_personal(text: str) -> None:
    assert "iban" not in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Los daarvan: weet jij of het klopt dat Bram Hoekstra weer diep in de schulden zit?",
        "P.S. Is it true about Rob? Kev says Janine finally changed the locks on him.",
        "Did you hear? Mark Evans's wife has thrown him out.",
    ],
)
def test_debts_or_a_marriage_ending_asked_about_is_gossip(text: str) -> None:
    assert "gossip" in categories(text)
