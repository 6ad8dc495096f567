"""What the blind probe's eighth round (look20, look21) found the rules lacked: each case in
the languages it names, with the look-alikes that must stay as they are."""

from __future__ import annotations

import pytest

from mailbrake.models import Category
from tests.rules.helpers import categories, kinds, scan_text

PD = Category.PERSONAL_DATA


@pytest.mark.parametrize(
    "text",
    [
        "Mr Okafor's solicitors put his injuries at a fractured right ankle and two weeks off.",
        "She came off the ladder and has a torn rotator cuff, so Priya Shah is off until March.",
    ],
)
def test_an_injury_with_its_side_or_a_torn_ligament_is_a_health_fact(text: str) -> None:
    assert "health" in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Their diagnosis: roots are healthy, no sign of blight, the plants were overwatered.",
        "Diagnosis: the gearbox bearing on van 4 is worn, said Tom Hale.",
    ],
)
def test_a_plants_or_a_machines_diagnosis_is_no_health_fact(text: str) -> None:
    assert "health" not in kinds(text, PD)


def test_where_a_persons_post_now_goes_is_a_home_address() -> None:
    text = (
        "Gemma has left the flat, so anything for her goes to her mum's: 8 Quarry Row, Elm BR4 2PL."
    )
    assert "home_address" in kinds(text, PD)


def test_a_birthday_at_a_relatives_is_no_home_address() -> None:
    assert "home_address" not in kinds("It's his mum's 70th birthday on 14 June.", PD)


def test_an_address_label_followed_by_a_date_is_no_home_address() -> None:
    text = "O escritório de Braga muda-se: nova morada a partir de 3 de março, Rua do Souto 12."
    assert "home_address" not in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Otra cosa: la AEPD nos ha abierto un expediente sancionador por el envío de septiembre.",
        "Le CNIL a ouvert une procédure de sanction contre nous après la fuite de juin.",
        "Il Garante privacy ha avviato un procedimento sanzionatorio sul nostro CRM.",
    ],
)
def test_a_regulators_penalty_proceedings_are_a_legal_matter(text: str) -> None:
    assert "confidential" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Pour info : on signe le rachat de la Boulangerie Arnaud le 12 mai, 1,2 M€ murs compris.",
        "Re the acquisition of Tamsin Print: staff will only find out after the signing, so "
        "keep the figure of £2.3m to the board.",
    ],
)
def test_a_deal_to_be_signed_or_kept_until_signing_is_confidential(text: str) -> None:
    assert "confidential" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        # a Secret Santa's draw and a cooking contest: the marker is the game's
        "Secret Santa is back! You'll get your name tomorrow. Die naam is geheim, houd het "
        "vertrouwelijk tot de borrel.",
        "Konkurs na najlepsze pierogi w piątek! Przepisy traktujemy jako ściśle poufne.",
        # a trade secret that is the manufacturer's, the reason a question has no answer
        "No podemos enviaros la fórmula: la composición es secreto comercial del fabricante, "
        "pero la ficha de seguridad recoge los componentes peligrosos.",
        # a murder-mystery game
        "Friday's murder mystery: in the fictional town of Lower Cogs, a parcel marked "
        "CONFIDENTIAL has gone missing from the depot.",
    ],
)
def test_a_games_marker_or_a_suppliers_secret_is_not_confidential(text: str) -> None:
    assert "confidential" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        # a label at a party is still a label; a lower-case marker without a game still counts
        "Christmas party planning.\n\nCONFIDENTIAL: the restructuring slides for Monday.",
        "Please keep it confidential: we are closing the Leeds depot in June.",
        # a trade secret of ours
        "La mezcla es secreto comercial nuestro: 60 % Santos y 40 % Huila.",
    ],
)
def test_a_label_or_our_own_secret_stays_confidential(text: str) -> None:
    assert "confidential" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "P.D. ¿Sabías que Marisol está liada con Íñigo, el de compras? Y él está casado.",
        "Ci vado, ma tanto Bruno non capirà niente. Dicono che a fine mese lo mandano via.",
        "Entre nous, Claire couche avec le nouveau directeur, tout le monde le sait.",
    ],
)
def test_an_affair_or_a_firing_rumour_said_plainly_is_gossip(text: str) -> None:
    assert "gossip" in categories(text)


def test_going_to_bed_with_a_headache_is_no_gossip() -> None:
    assert "gossip" not in categories("Claire se couche avec une migraine, réunion demain 9h.")


@pytest.mark.parametrize(
    "text",
    [
        "Can you post the updates on the parent app? Log in at admin.app.example with:\n"
        "office@nursery.example\nqT7!mWz2Rk9pLs\n\nThanks!",
        "Um die Fotos hochzuladen, einloggen auf portal.kita.example mit:\nkita-nord\n"
        "Vb8#ktRw55Lq\n",
    ],
)
def test_a_sign_in_handed_over_without_the_word_password_is_found(text: str) -> None:
    assert "password" in kinds(text, Category.CREDENTIALS)


@pytest.mark.parametrize(
    "text",
    [
        "To join, log in with:\nyour staff e-mail\nyourpassword\n",
        "Sign in here:\nhttps://portal.example/login\nhttps://portal.example/help\n",
        "Log in with:\nthe usual account\nSingleSignOn\n",
    ],
)
def test_a_sign_in_without_a_random_password_is_not_one(text: str) -> None:
    assert "password" not in kinds(text, Category.CREDENTIALS)


def test_one_iban_in_an_attachment_named_as_an_invoice_is_the_issuers() -> None:
    text = (
        "Descrizione;Totale\nCompenso II sem.;3599,00\n"
        "IBAN beneficiario;IT49K0306911205000047291833;\n"
    )
    assert "iban" not in {f.kind for f in scan_text(text, part="attachment", name="Fattura_77.csv")}
    assert "iban" in {f.kind for f in scan_text(text, part="attachment", name="rimborsi.csv")}


@pytest.mark.parametrize(
    "holder",
    ["Scouting De Kompas Zwolle", "Wspólnota Mieszkaniowa Lipowa 7, Gdańsk"],
)
def test_a_scout_groups_or_a_condominiums_account_is_its_own(holder: str) -> None:
    text = f"Please pay by 1 December to:\n\n{holder}\nNL54 RABO 0318 4572 61\n"
    assert "iban" not in kinds(text, PD)


def test_advice_on_a_settlement_put_to_the_reader_is_no_legal_matter() -> None:
    text = "If you're offered a settlement agreement, take independent legal advice first."
    assert "confidential" not in categories(text)
    assert "confidential" in categories("We're close to a settlement agreement with Mr Dale.")


def test_cuts_a_union_opposes_are_no_restructuring_plan() -> None:
    assert "internal" not in categories("Nos revendications : arrêt des suppressions de postes.")
    assert "internal" in categories("Le plan prévoit la suppression de 14 postes en mars.")


@pytest.mark.parametrize(
    "text",
    [
        "Hasło typu „Lato2025!” nie jest bezpieczne, używajcie menedżera haseł.",
        "A password like 'Spring2025!' is not secure: use the password manager.",
    ],
)
def test_a_password_given_as_a_bad_example_is_no_credential(text: str) -> None:
    assert "credentials" not in categories(text)


def test_a_password_said_to_be_the_real_one_is_still_found() -> None:
    assert "credentials" in categories("Hasło do portalu: Lato2025!xq, zmień je po zalogowaniu.")


def test_a_polish_vat_invoices_own_account_is_not_personal_data() -> None:
    text = (
        "W załączeniu faktura FV/0311/2025 za wynajem sali.\n"
        "Kwota do zapłaty: 1 200,00 zł (zw. z VAT)\n"
        "Numer rachunku: PL71 9458 0730 2157 3681 9303 6426\n"
    )
    assert "iban" not in kinds(text, PD)


@pytest.mark.parametrize(
    ("text", "confidential"),
    [
        ("Elle dédicacera son dernier roman, « Confidentiel défense », samedi.", False),
        ('The report marked "CONFIDENTIAL" is attached for the board.', True),
    ],
)
def test_a_title_in_quotes_is_no_marker_but_a_quoted_label_is(
    text: str, confidential: bool
) -> None:
    assert ("confidential" in categories(text)) is confidential


def test_dutch_do_not_circulate_is_a_restriction_not_a_classification() -> None:
    text = "Concept besparingen 2026 (graag nog niet verspreiden): variant A schrapt 14 fte."
    found = categories(text)
    assert "internal" in found
    assert "confidential" not in found


@pytest.mark.parametrize(
    "text",
    [
        "Frau Keller sieht seit Wochen fertig aus und hat stark abgenommen, ich tippe auf "
        "etwas Ernstes.",
        "P.S. Tout le monde au 2e est au courant que Léa et M. Roux sont ensemble.",
        "Cała firma wie, że Ola i Bartek są razem od wiosny.",
        "Viste o Jorge ontem? Engordou imenso desde o verão.",
    ],
)
def test_a_remark_on_weight_or_a_couple_everyone_knows_of_is_gossip(text: str) -> None:
    assert "gossip" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Sind zusammen mit dem Team von Frau Keller in Raum 3.",
        "Tout le monde le sait : la réunion de Léa commence à 9 h.",
    ],
)
def test_one_weak_cue_of_those_is_no_gossip(text: str) -> None:
    assert "gossip" not in categories(text)


def test_an_invoice_sheet_or_a_municipalitys_named_account_is_the_holders() -> None:
    sheet = "Item\tAmount\nConsultancy\t1,200.00\nIBAN\tGB32NWBK60271438150926\n"
    found = scan_text(sheet, part="attachment", name="VTR-INV-250318.xlsx", detail="Invoice")
    assert "iban" not in {f.kind for f in found}
    text = "U kunt betalen op rekeningnummer NL54 RABO 0318 4572 61 ten name van Gemeente Elst."
    assert "iban" not in kinds(text, PD)


def test_accounts_handed_over_one_per_line_are_credentials() -> None:
    text = (
        "Aqui vão os acessos para começares amanhã:\n"
        "- Instagram: clube.oficial / #4k??Wq&Lz9b\n"
        "- Facebook: a mesma palavra-passe\n"
    )
    assert "password" in kinds(text, Category.CREDENTIALS)
    assert "password" not in kinds(
        text.replace("#4k??Wq&Lz9b", "ver o cofre"), Category.CREDENTIALS
    )


@pytest.mark.parametrize(
    "text",
    [
        "Marta Esposito è alla 32ª settimana e la ginecologa le ha prescritto riposo.",
        "Also Beth Cole's due date is 20 June, so she starts leave in May.",
    ],
)
def test_a_named_persons_pregnancy_week_or_prescription_is_a_health_fact(text: str) -> None:
    assert "health" in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "5. Schwangere Kolleginnen: Bitte sprecht uns an, es gibt eine Gefährdungsbeurteilung.",
        "Aufgabe 1: Schreiben Sie: Ich bin bis [Datum] krankgeschrieben. Arbeitsblatt 7.",
        "Sorted: the Truro practice got their insulin on the 07:40 van.",
    ],
)
def test_a_group_a_model_letter_or_a_practices_stock_is_nobodys_health(text: str) -> None:
    assert "health" not in kinds(text, PD)


def test_a_disciplinary_record_is_internal_and_personal_but_a_rumour_of_one_is_not() -> None:
    record = "Outcome: Dan Pike is issued a final written warning, on file for 12 months."
    assert {"internal", "personal_data"} <= set(categories(record))
    rumour = "Did you hear Dan Pike got a written warning? Apparently he was late again."
    assert "internal" not in categories(rumour)


@pytest.mark.parametrize(
    "text",
    [
        "Phishing seen last week:\n- “CONFIDENTIAL: salary review shared with you”\nWe will "
        "never ask for your password.",
        "Nunca te pediremos la contraseña. Ejemplos de estafa: «Desbloquee un documento "
        "confidencial con su código».",
    ],
)
def test_a_phishing_warnings_quoted_bait_is_no_marker(text: str) -> None:
    assert "confidential" not in categories(text)


def test_a_quiz_asking_which_password_is_strongest_gives_none() -> None:
    text = "5. Które hasło jest najsilniejsze: a) Warszawa2024! b) kot-rower-pomidor c) Qwerty1?"
    assert "credentials" not in categories(text)


def test_a_lessons_role_cards_about_a_fictional_firm_are_no_legal_matter() -> None:
    text = "Card B: you are offered a settlement agreement by Pemberton Widgets. Negotiate."
    found = scan_text(text, part="attachment", name="Unit9_role_cards.docx")
    assert "confidential" not in {f.category.value for f in found}
    assert "confidential" in {f.category.value for f in scan_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Between you and me she's coasting, and I wouldn't be surprised if she's gone by "
        "Christmas, Chloe Adeyemi I mean.",
        "The only reason she was taken on was that Hannah's father runs R&D at Delmont.",
    ],
)
def test_a_jab_at_why_someone_was_hired_or_when_they_will_go_is_gossip(text: str) -> None:
    assert "gossip" in categories(text)


def test_a_venues_address_in_portuguese_is_no_home_address() -> None:
    text = "Bem-vindo! Resumo do primeiro dia:\n\nMorada: Rua da Boavista 71, 1200 Lisboa."
    assert "home_address" not in kinds(text, PD)


def test_a_merit_table_is_internal_and_personal_a_plain_bonus_table_personal_only() -> None:
    merit = (
        "Nome\tMatricola\tQualità (%)\tPremio (€)\n"
        "Rossi Marco\t1043\t92\t1.450\nBianchi Sara\t1187\t71\t780\n"
    )
    assert {"internal", "personal_data"} <= set(categories(merit))
    plain = "Name\tRole\tBonus 2024\nJane Hollis\tAnalyst\t3,200\nOmar Reid\tLead\t4,100\n"
    found = categories(plain)
    assert "personal_data" in found
    assert "internal" not in found


@pytest.mark.parametrize(
    "text",
    [
        "Je ne souhaite pas poursuivre avec Mme Claire Fabre au-delà de sa période d'essai.",
        "We have decided to extend her probation by three months, Lina Ortiz was told today.",
    ],
)
def test_a_probation_ended_or_extended_is_an_hr_record(text: str) -> None:
    assert "internal" in categories(text)


def test_a_team_said_to_shrink_in_numbers_is_a_plan() -> None:
    assert "internal" in categories("I saw the slides: claims admin goes from 7 to 3 in spring.")


@pytest.mark.parametrize(
    "text",
    [
        "Is Priya pregnant?? Off the coffee and she ran out of surgery twice.",
        "C'est moi ou Julien sent l'alcool le matin ? Vendredi c'était flagrant.",
        "Lo de Rubén... no sabe ni pasar las notas, siendo el sobrino de la directora.",
        "Janet is back Monday. I think she's spinning it out a bit, Carol saw her at the gym.",
        "Not sorry to see Neil Hart on the list. He couldn't plan a route if you gave him a map.",
    ],
)
def test_speculation_smell_nepotism_and_faking_are_gossip(text: str) -> None:
    assert "gossip" in categories(text)


def test_a_quiz_daughter_of_a_donor_is_no_nepotism() -> None:
    text = "1. A caller says she is the daughter of donor 'Mr Alan Fictitious'. What do you do?"
    assert "gossip" not in categories(text)


def test_a_charitable_incorporated_organisations_account_is_its_own() -> None:
    text = (
        "You can give by bank transfer. Our details are:\n\n"
        "Account name: Hilltop Foodshare CIO\nSort code: 20-71-45\nAccount number: 48219307\n"
    )
    assert not kinds(text, PD) & {"sort_code", "bank_account"}


def test_an_invoices_settlement_terms_are_no_legal_matter_but_a_disputes_are() -> None:
    invoice = "Invoice HSL-INV-20931. Settlement terms: 30 days net by bank transfer."
    assert "confidential" not in categories(invoice)
    dispute = "We're happy to go at £4,750 in full and final settlement; please draft the "
    dispute += "settlement agreement so it is signed within 28 days."
    assert "confidential" in categories(dispute)


def test_a_seminar_on_settlements_with_its_speaker_is_no_legal_matter() -> None:
    text = (
        "Lunchtime Seminar: when to sign a settlement agreement, and employment tribunals.\n"
        "Speaker: Professor Alan Whitcombe. Wednesday 13:00, Moot Court Room."
    )
    assert "confidential" not in categories(text)


def test_a_films_plot_is_no_gossip() -> None:
    text = (
        "Friday's film night: the Danish one where four teachers stay a bit drunk all day. "
        "Spoiler: Martin gets fired in the end, he's completely useless by then."
    )
    assert "gossip" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ben je zwanger, dan heb je recht op aangepast werk, zei Joke Smit.",
        "Vortrag von Dr. Anna Weber: Schwangerschaft und Beruf, Raum 3.",
        "Voorlichtingsavond ‘Zwanger en aan het werk’ – 2 oktober",
    ],
)
def test_pregnancy_as_a_topic_or_a_question_to_the_reader_is_nobodys_health(text: str) -> None:
    assert "health" not in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "The assessment should be done as soon as the employee tells you she's pregnant, and "
        "reviewed once per trimester, says our adviser Karen Lowe.",
        "Vanaf het moment dat een medewerker meldt dat ze zwanger is, moet u de RI&E bekijken.",
        "Si votre enfant présente une allergie diagnostiquée par un médecin, un Projet d'Accueil "
        "Individualisé est établi.",
        "Gita del 24 maggio: chi ha allergie o esigenze alimentari lo segnali a Rosaria.",
        "Si le coureur dit qu'il a une allergie, appelez le PC course.",
        "Marshal quiz (all scenarios are invented for training): 1. A runner says she is "
        "pregnant and feels faint. What do you do?",
    ],
)
def test_whoever_it_may_be_is_nobodys_health(text: str) -> None:
    assert "health" not in kinds(text, PD)


def test_a_heading_reads_with_the_text_below_it() -> None:
    text = (
        "2. Zwanger en aan het werk\nVanaf het moment dat een medewerker meldt dat ze zwanger is."
    )
    assert "health" not in kinds(text, PD)


def test_an_it_tickets_diagnosis_is_nobodys_health() -> None:
    text = "Omar Haddad's diagnosis: the calendar sync token had expired, so he renewed it."
    assert "health" not in kinds(text, PD)


def test_a_pip_code_column_is_no_improvement_plan() -> None:
    text = "Product\tPack\tPIP code\tBatch\nCetirizine 10mg\t30\t118-4472\tCT4471B\n"
    assert "internal" not in categories(text)


def test_an_adverts_statutory_minimum_after_the_amount_is_nobodys_pay() -> None:
    text = "Conditions : contrat étudiant, salaire : 12,02 € brut de l'heure (SMIC), Léa Morel."
    assert "salary" not in kinds(text, PD)


def test_nobody_getting_fired_is_no_rumour() -> None:
    text = "It isn't marked and nobody's getting fired for a wrong answer, says Fiona Hale."
    assert "gossip" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        # a framed payment box with a labelled holder line
        "Betalen kan vóór 1 maart:\n\n   ════════════════\n   Naar:   Stichting De Speelboom\n"
        "   IBAN:   NL61 INGB 0842 7200 81\n   ════════════════\n",
        # a council's payment panel
        "Paying by bank transfer\nPayee: Cleeve Magna Town Council\n"
        "IBAN: GB32 NWBK 6027 1438 1509 26\nReference: PLOT 14\n",
        # a food bank's donation box
        "Faire un don par virement\nBénéficiaire : Banque alimentaire du Val-de-Sèvre\n"
        "IBAN : FR76 1027 8060 4100 0214 8730 177\n",
        # a football club named after t.n.v.
        "2. Handmatig overmaken naar NL61 INGB 0842 7200 81 t.n.v. vv Oranje Nassau.\n",
        # an invoice table whose payment column names the firm
        "N. fattura | Data | Importo | Coordinate per il pagamento\n"
        "88/2025 | 03/03/2025 | 1.134,60 € | Termoidraulica Bonetti s.n.c. – IBAN IT04 X030 "
        "6911 2050 0004 7291 833\n",
    ],
)
def test_an_organisations_payment_block_in_any_layout_is_its_own_account(text: str) -> None:
    assert "iban" not in kinds(text, PD)


def test_a_persons_holder_line_in_a_block_keeps_the_account_personal() -> None:
    text = (
        "Refund for the school trip, please transfer to:\n"
        "Account holder: Jane Marlow\nGreenhill Primary School Fund refund\n"
        "IBAN: GB32 NWBK 6027 1438 1509 26\n"
    )
    assert "iban" in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Notre nouvelle création :\n\nSECRET DÉFENSE\ncomédie d'espionnage en deux actes",
        "Bob turns fifty and deserves a party. This is TOP SECRET, he is not on this list.",
    ],
)
def test_a_spy_comedys_title_or_a_partys_secret_is_no_marker(text: str) -> None:
    assert "confidential" not in categories(text)


def test_a_party_to_an_agreement_is_no_fun() -> None:
    text = "STRICTLY CONFIDENTIAL. As a party to the agreement, Acme must not disclose the terms."
    assert "confidential" in categories(text)
