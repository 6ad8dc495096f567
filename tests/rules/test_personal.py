"""Personal details: birth dates, home addresses, health, salaries, contact lists."""

from __future__ import annotations

import pytest

from mailbrake.models import Category, Location, TextSegment
from mailbrake.rules import Scanner
from tests.rules.helpers import kinds

PD = Category.PERSONAL_DATA


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("For the form: Raymond Newton, DOB 12/16/2000.", "date_of_birth"),
        ("Geburtsdatum: 10.08.1987", "date_of_birth"),
        ("Fecha de nacimiento: 3 de mayo de 1985", "date_of_birth"),
        ("Home address: 7 Lawrence Mission, South Craigburgh, OX4X 4WZ", "home_address"),
        (
            "Karen Robinson has been signed off for twelve weeks. She was diagnosed with "
            "multiple sclerosis last month.",
            "health",
        ),
        ("Karen Patel's salary goes from £90,000 to £92,000 next month.", "salary"),
        ("Your annual base salary changes from $121,000 to $127,000.", "salary"),
        ("Emergency contact: Melanie Andrews (sister), 07409 281622", "personal_phone"),
        ("Sort code 20-45-77, account number 27646745", "sort_code"),
    ],
)
def test_personal_detail_is_found(text: str, kind: str) -> None:
    assert kind in kinds(text, PD)


def test_csv_of_names_with_home_addresses_is_a_contact_list() -> None:
    text = (
        "Name,Home address,Personal email\n"
        'Victoria Carter,"27309 Antonio Ramp, West Danny, LA 11097",victoriacarter48@hotmail.com\n'
        'Jennifer Jones,"08286 Michael Mountains, Lopezstad, MS 71582",jennifer.jones@outlook.com\n'
        'Michael Martin,"8812 Lee Street, Dixonmouth, NJ 51800",mmartin@gmail.com\n'
    )
    assert "contact_list" in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Salary range £53,441.00 - £108,983 depending on experience.",
        "Sickness absence: self-certification reduced from 7 to 5 days.",
        "Pension matching and private medical cover for all staff.",
        "Office closed Monday April 8, 2024; normal hours resume April 20, 2024.",
        "Visit us at 501 Congress Ave, Austin, TX 78701. Reception: +1 (512) 555-0109",
        "I'm staying in London - my personal e-mail is kelly_smith70@icloud.com.",
        "Congratulations to Frances Turner on her promotion to Product Manager!",
        "Men often freeze samples before receiving chemotherapy, a study says.",
        "Kind regards,\nJune Curtis\nT +44 121 496 0348  E june.curtis@everly.org.uk",
    ],
)
def test_harmless_mentions_are_not_personal_data(text: str) -> None:
    assert not kinds(text, PD)


def test_a_review_of_a_named_employee_is_internal_and_personal() -> None:
    text = (
        "Performance review - mid-year\nEmployee: Ryan Lewis\nOverall rating: Exceeds expectations"
    )
    assert "performance_review" in kinds(text, PD)
    assert "performance_review" in kinds(text, Category.INTERNAL)


# One positive per kind and language the detector reads (EN and DE/FR/ES are above too).
PERSONAL_BY_LANGUAGE = [
    ("Date of birth: 14/02/1983 (Robert Hale)", "date_of_birth"),
    ("Max Müller, geb. 10.08.1987, Abteilung Logistik", "date_of_birth"),
    ("Date de naissance : 3 mars 1979", "date_of_birth"),
    ("Geboortedatum: 12-03-1985", "date_of_birth"),
    ("Giulia Bianchi, nata il 12/04/1979 a Torino", "date_of_birth"),
    ("Data urodzenia: 3 maja 1990", "date_of_birth"),
    ("Anna Kowalska, ur. 12.03.1985", "date_of_birth"),
    ("A Joana Silva nasceu... data de nascimento: 4 de março de 1988", "date_of_birth"),
    ("Woonadres: Kerkstraat 12, 3511 AB Utrecht", "home_address"),
    ("Indirizzo di residenza: Via Roma 14, 10121 Torino", "home_address"),
    ("Adres zamieszkania: ul. Długa 5/3, 00-238 Warszawa", "home_address"),
    ("Cliente: Ana Sousa Lima, Morada: Rua das Flores 23, 4050-262 Porto", "home_address"),
    ("Jan is sinds maandag ziekgemeld; hij heeft een hernia.", "health"),
    ("Marco è in malattia da lunedì: lui ha una frattura al polso.", "health"),
    ("Anna jest na zwolnieniu lekarskim, ona ma operację.", "health"),
    ("O Rui está de baixa médica; ele foi operado ontem.", "health"),
    ("Het salaris van Pieter de Vries gaat naar € 4.850 per maand.", "salary"),
    ("Lo stipendio di Marco Rossi sale a 52.000 euro.", "salary"),
    ("Wynagrodzenie Anny Nowak wzrośnie do 9 500 zł.", "salary"),
    ("Salário da Joana Silva: R$ 7.200 a partir de março.", "salary"),
    ("Noodcontact: Els de Vries, 06 12345678", "personal_phone"),
    ("Contatto di emergenza: Luca Verdi, +39 333 123 4567", "personal_phone"),
    ("Kontakt awaryjny: Piotr Nowak, +48 601 234 567", "personal_phone"),
    ("Telemóvel pessoal: 912 345 678", "personal_phone"),
    ("Rekeningnummer 417164300 bij de bank voor de salarisbetaling", "bank_account"),
]


@pytest.mark.parametrize(("text", "kind"), PERSONAL_BY_LANGUAGE)
def test_personal_detail_is_found_in_each_language(text: str, kind: str) -> None:
    assert kind in kinds(text, PD)


PERSONAL_LOOK_ALIKES = [
    "Vacature: heftruckchauffeur. Salaris: €2.650 – €3.100 bruto per maand.",
    "Offerta di lavoro: stipendio compreso tra 30.000 e 36.000 euro, a seconda dell'esperienza.",
    "Oferta pracy: wynagrodzenie w widełkach 8000 zł - 11000 zł.",
    "Vaga: salário entre R$ 4.000 e R$ 5.500, dependendo da experiência.",
    "Stellenangebot: Gehalt zwischen 48.000 € und 55.000 €.",
    "Het kantoor is gesloten op 27 april 2025 (Koningsdag).",
    "La riunione è fissata per il 3 maggio 2025.",
    "Spotkanie odbędzie się 3 maja 2025.",
    "Bezoek ons op Stationsplein 1, 3511 ED Utrecht. Receptie: 030 123 4567",
    "Het ziekteverzuim daalde dit kwartaal naar 4,1%.",
    "Il certificato di conformità dell'impianto è allegato.",
]


@pytest.mark.parametrize("text", PERSONAL_LOOK_ALIKES)
def test_job_adverts_office_details_and_plain_dates_are_not_personal(text: str) -> None:
    assert not kinds(text, PD)


def test_findings_in_each_language_are_alike_with_and_without_hyperscan() -> None:
    segments = [
        TextSegment(Location("body"), text)
        for text in [*[text for text, _kind in PERSONAL_BY_LANGUAGE], *PERSONAL_LOOK_ALIKES]
    ]
    fast, plain = Scanner(use_hyperscan=True), Scanner(use_hyperscan=False)
    assert set(fast.detect(segments)) == set(plain.detect(segments))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Pour la mutuelle : Paul Girard est né le 4 octobre 1983 à Nantes.", "date_of_birth"),
        ("Für die Versicherung: Frau Albers ist am 3. Mai 1975 in Bremen geboren.", "date_of_birth"),  # noqa: E501
        ("Do ubezpieczenia: pan Marek Wójcik urodził się 9 lipca 1980 r.", "date_of_birth"),
        ("Para o seguro: a Sra. Rita Lopes nasceu a 14 de março de 1977.", "date_of_birth"),
        ("Bitte die neue Wohnanschrift von Jana Keller eintragen: Ahornweg 4, 04109 Leipzig.", "home_address"),  # noqa: E501
        ("Emergency contact for Amy Shaw: her brother, Tom Shaw, mobile 07700 912845.", "personal_phone"),  # noqa: E501
        ("Como contacto de emergencia de Lucía Gil pon a su padre, Luis Gil, 612 334 908.", "personal_phone"),  # noqa: E501
        ("Just so you know, Dan Reid is off from Monday: he is having knee surgery on the 9th.", "health"),  # noqa: E501
        ("Je vous informe que Chloé Martin est enceinte ; elle partira en congé en mai.", "health"),
        ("Martijn is zes weken afwezig, hij krijgt een nieuwe heup.", "health"),
        (
            "Nom | Portable perso | Adresse\nJulie Roy | 06 21 43 65 87 | 2 rue Neuve, 69001 Lyon\n"
            "Marc Petit | 07 11 22 33 44 | 5 rue Haute, 69002 Lyon\n"
            "Anne Blanc | 06 98 76 54 32 | 9 quai Sud, 69003 Lyon\n",
            "contact_list",
        ),
        (
            "Nome | Cellulare | Indirizzo\nLuca Neri | 347 123 4567 | Via Po 3, 10123 Torino\n"
            "Sara Bini | 339 765 4321 | Via Roma 8, 10121 Torino\n"
            "Paolo Riva | 320 111 2233 | Corso Re 1, 10122 Torino\n",
            "contact_list",
        ),
    ],
)  # fmt: skip
def test_a_persons_details_written_in_prose_or_a_local_table_are_found(
    text: str, kind: str
) -> None:
    assert kind in kinds(text, Category.PERSONAL_DATA)


@pytest.mark.parametrize(
    "text",
    [
        "Cerchiamo uno sviluppatore: RAL tra 32.000 e 40.000 euro in base all'esperienza.",
        "We are looking for a data analyst, salary between 42,000 and 50,000 depending on skills.",
        "The release is planned for 12 octobre 2026 at the Lyon office.",
        "The surgery opening hours change on Monday, please tell the team.",
        "Dr Patel's surgery moved to 4 High Street, call reception on 0161 496 0000.",
    ],
)
def test_job_adverts_dates_and_a_doctors_surgery_are_not_personal_data(text: str) -> None:
    assert not kinds(text, Category.PERSONAL_DATA)


def test_a_delivery_or_company_address_is_not_a_home_address() -> None:
    text = "Lieferanschrift: Hafenstraße 5, 20457 Hamburg. Firmenanschrift siehe Rechnung."
    assert "home_address" not in kinds(text, Category.PERSONAL_DATA)


@pytest.mark.parametrize(
    "text",
    [
        "Honestly I'd put money on her being pregnant, she hasn't touched a coffee in weeks.",
        "Is Maria pregnant? She keeps leaving the stand-up early.",
        "Je parie qu'elle est enceinte, elle ne boit plus de café.",
        "Chyba Kasia jest w ciąży, bo ciągle wychodzi z zebrań.",
        "Ich wette, sie ist schwanger, sie trinkt keinen Kaffee mehr.",
    ],
)
def test_speculation_about_health_is_gossip_not_a_health_fact(text: str) -> None:
    assert "health" not in kinds(text, PD)


def test_a_question_in_the_sentence_before_does_not_hide_a_health_fact() -> None:
    text = "Can you cover Friday? She has been diagnosed with diabetes and starts insulin."
    assert "health" in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Szukamy koordynatora.\n- wynagrodzenie: 6 500–7 800 zł brutto miesięcznie",
        "Tournées régionales, retour au domicile chaque soir\nRémunération : 2 150 à 2 450 € brut",
    ],
)
def test_a_job_adverts_range_and_a_return_home_are_not_personal(text: str) -> None:
    assert not kinds(text, PD)


def test_a_home_address_on_the_line_after_its_label_is_found() -> None:
    assert "home_address" in kinds("Home address:\n12 Baker Street, London NW1 6XE", PD)


@pytest.mark.parametrize(
    "text",
    [
        "Order for John Smith: 3 chairs at €120 net each.",
        "Would you pay $5 or $7 a month to make your browsing faster, John Smith?",
        "Nous recrutons: 2 150 € brut mensuels selon expérience.",
    ],
)
def test_prices_and_an_adverts_pay_are_not_a_persons_salary(text: str) -> None:
    assert "salary" not in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Maria is pregnant and will start maternity leave in May.",
        "Pacjent był u nas operowany 12 marca; doszło do uszkodzenia przewodu.",
    ],
)
def test_a_health_fact_at_the_start_of_a_text_or_of_the_patient_is_found(text: str) -> None:
    # The sentence once began at its second letter when it was the first: "aria is pregnant".
    assert "health" in kinds(text, PD)


def test_a_wager_addressed_to_the_reader_is_speculation_too() -> None:
    assert "health" not in kinds("Je te parie qu'elle est enceinte, elle ne dit rien.", PD)


@pytest.mark.parametrize(
    "text",
    [
        "Ik word dinsdag 13 mei geopereerd aan mijn knie, dus ik ben zes weken weg.",
        "Ich werde am Dienstag operiert und bin danach zwei Wochen krankgeschrieben.",
        "Je vais être opérée du genou mardi.",
        "I'm having knee surgery on the 12th, so I'll be off for six weeks.",
        "Verrò operata lunedì, rientro a fine mese.",
    ],
)
def test_surgery_said_of_oneself_needs_no_name(text: str) -> None:
    assert "health" in kinds(text, PD)


def test_surgery_on_a_machine_or_a_wish_to_operate_is_no_health_fact() -> None:
    assert "health" not in kinds("Die Maschine werde ich morgen nicht operieren lassen.", PD)


@pytest.mark.parametrize(
    "text",
    [
        "Frau Mertens kann laut betriebsärztlicher Stellungnahme nicht mehr als 10 kg heben.",
        "Volgens de bedrijfsarts kan Sanne de Vries vanaf maandag halve dagen werken.",
        "Selon l'avis du médecin du travail, Julie Marchand ne peut plus travailler de nuit.",
    ],
)
def test_what_an_occupational_physician_found_about_somebody_is_a_health_fact(text: str) -> None:
    assert "health" in kinds(text, PD)


def test_a_date_for_occupational_health_checks_is_no_health_fact() -> None:
    text = "Die betriebsärztliche Untersuchung findet am 3. Mai statt, bitte anmelden."
    assert "health" not in kinds(text, PD)


def test_english_on_is_not_the_polish_pronoun() -> None:
    text = "If you're pregnant the vaccine is safe, but let the nurse know on the day."
    assert "health" not in kinds(text, PD)
    assert "health" in kinds("On jest na zwolnieniu lekarskim do piątku.", PD)


@pytest.mark.parametrize(
    "text",
    [
        "Contacto de emergência da agência: 213 540 870 (dias úteis) / 912 345 678",
        "Emergency contact: our 24h line, 020 7946 0321.",
        "En cas d'urgence, la réception de l'hôtel répond au 04 91 55 12 30.",
    ],
)
def test_an_organisations_emergency_line_is_nobodys_private_number(text: str) -> None:
    assert "personal_phone" not in kinds(text, PD)
    assert "personal_phone" in kinds(
        "Emergency contact for Olivia: her partner Mark, 07700 900123", PD
    )


def test_the_italian_article_il_is_not_the_french_pronoun() -> None:
    text = (
        "Promemoria:\n- le iscrizioni si chiudono il 31 luglio;\n- senza certificato medico "
        "agonistico i ragazzi non possono allenarsi"
    )
    assert "health" not in kinds(text, PD)
    assert "health" in kinds("Depuis lundi il est en arrêt maladie pour une hernie discale.", PD)


@pytest.mark.parametrize(
    "text",
    [
        "Once an employee tells us in writing that she is pregnant, we must review her risks.",
        "Pregnancy at work\n- Anyone who is pregnant can request a risk assessment at any time.",
        "3. If you're off for more than 7 days you'll need a fit note to claim Statutory Sick Pay.",
        "Seit Einführung der elektronischen Arbeitsunfähigkeitsbescheinigung kommen Fragen.",
    ],
)
def test_a_policy_for_whoever_it_applies_to_is_no_health_fact(text: str) -> None:
    assert "health" not in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Once Maria told us she is pregnant, we moved her off nights.",
        "If you see Tom, he is on sick leave until Friday.",
        "Herr Weber ist seit Montag arbeitsunfähig.",
    ],
)
def test_a_named_persons_health_beside_a_condition_is_still_a_fact(text: str) -> None:
    assert "health" in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Example layout (UK): sort code 40-12-76, account number 41928375, check digits 00.",
        "Pay to sort code 12-34-56, account number 12345678 (the dummy values of the training).",
        "Rekeningnummer 00000000 bij de bank invullen als u geen rekening heeft.",
    ],
)
def test_an_account_number_shown_as_an_example_is_not_personal_data(text: str) -> None:
    assert not kinds(text, PD) & {"bank_account", "sort_code"}


@pytest.mark.parametrize(
    "text",
    [
        "3. Salario mínimo. El Real Decreto que fija el SMI para 2025 en 1.184 euros mensuales "
        "ya está en el BOE.",
        "Le Journal Officiel fixe le salaire minimum (SMIC) à 1 801,80 € brut par mois.",
        "Wir bieten: ein Jahresgehalt von 48.000 bis 58.000 € je nach Erfahrung.",
    ],
)
def test_the_legal_minimum_wage_and_an_adverts_range_are_nobodys_salary(text: str) -> None:
    assert "salary" not in kinds(text, PD)


def test_a_named_persons_rise_from_one_salary_to_another_is_still_found() -> None:
    assert "salary" in kinds("Karen Patel's salary goes from £90,000 to £92,000.", PD)


def test_a_bulleted_policy_is_no_health_fact_though_a_bullet_above_names_a_scheme() -> None:
    text = (
        "What's changing\n"
        "- Company sick pay: full pay for up to 4 weeks, then Statutory Sick Pay\n"
        "- Fit notes: still needed for absences longer than 7 calendar days\n"
    )
    assert "health" not in kinds(text, PD)


def test_a_health_fact_in_a_bullet_that_names_the_person_is_found() -> None:
    text = "Updates\n- Karen Robinson: on sick leave until March\n- Rota: unchanged\n"
    assert "health" in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Però tra noi: secondo me la Ferri è incinta.",
        "I think Karen Robinson is pregnant, she keeps skipping the wine.",
        "Moim zdaniem Ewa Lis jest w ciąży.",
    ],
)
def test_an_opinion_about_somebodys_body_is_a_guess_not_a_health_fact(text: str) -> None:
    assert "health" not in kinds(text, PD)


def test_e_g_before_each_date_of_birth_of_a_list_does_not_make_them_examples() -> None:
    text = (
        "Anna Berg, date of birth e.g. 12/03/1985\nTom Price, date of birth e.g. 04/11/1979\n"
        "Eva Lis, date of birth e.g. 23/07/1990"
    )
    assert "date_of_birth" in kinds(text, PD)


def test_one_example_date_in_a_forms_guide_is_still_an_example() -> None:
    assert "date_of_birth" not in kinds("Date of birth: dd/mm/yyyy (e.g. 01/01/2011)", PD)


_MEMBERS = (
    ("Anna Berg", "20-45-77", "41928375"),
    ("Tom Price", "30-91-62", "27646745"),
    ("Eva Lis", "40-12-76", "63019284"),
)


@pytest.mark.parametrize(
    "lead",
    [
        "Refunds from the Society account, to these members:",
        "Our bank details changed; members' accounts for the refunds:",
    ],
)
def test_an_organisations_account_phrase_does_not_cover_a_list_of_members_accounts(
    lead: str,
) -> None:
    rows = "\n".join(f"{n}: sort code {s}, account number {a}" for n, s, a in _MEMBERS)
    assert {"sort_code", "bank_account"} <= kinds(f"{lead}\n{rows}", PD)


def test_the_word_example_on_each_row_of_a_list_of_accounts_does_not_exempt_it() -> None:
    rows = "\n".join(f"e.g. {n}: sort code {s}, account number {a}" for n, s, a in _MEMBERS)
    assert "sort_code" in kinds(f"Bank details for payroll:\n{rows}", PD)


def test_one_or_two_accounts_of_an_organisation_stay_its_own() -> None:
    text = (
        "Society account for subscriptions: Thornbury Rose Society, sort code 20-45-77, "
        "account 01827733. Donations: Thornbury Rose Society, sort code 30-91-62, account "
        "27646745."
    )
    assert not kinds(text, PD) & {"bank_account", "sort_code"}


def test_e_g_on_its_line_makes_an_account_number_an_example() -> None:
    text = "Bank details: write them as on your statement, e.g. sort code 40-12-76."
    assert "sort_code" not in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Tommaso Greco soffre di epilessia e da gennaio è in terapia.",
        "– Noah Besson (CE2 A) est allergique à l'arachide : aucun échange de goûter.",
        "Lina Weber hat eine ärztlich bestätigte schwere Erdnuss- und Haselnussallergie.",
        "Just so you know, Priya Nair has type 1 diabetes and carries her insulin pen.",
        "Sofía Ortega padece asma y lleva su inhalador en la mochila.",
        "Daan de Vries heeft sinds vorig jaar epilepsie.",
        "Kasia Nowak choruje na cukrzycę, ma przy sobie glukometr.",
        "O Tiago Costa sofre de enxaqueca crónica e pode precisar de sair mais cedo.",
    ],
)
def test_a_named_persons_condition_is_a_health_fact(text: str) -> None:
    assert "health" in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Maria Lopez is the diabetes nurse for the east wing.",
        "Dr Anna Berg is a specialist in asthma and will give the talk.",
        "If your child has any medical needs, allergies or medication, Mr Hale needs the form.",
        "Web sites have appeared which actively promote anorexia, says Jane Smith.",
        'Sun called Linux "a cancer", according to Tom Price.',
        "Priya Nair does not have diabetes, the test came back clear.",
    ],
)
def test_a_condition_that_is_nobodys_or_a_role_is_no_health_fact(text: str) -> None:
    assert "health" not in kinds(text, PD)


def test_a_guides_made_up_address_is_nobodys() -> None:
    text = "Name: Erika Musterfrau · Anschrift: Musterweg 1, 12345 Musterstadt"
    assert "home_address" not in kinds(text, PD)


def test_a_real_address_after_the_same_label_is_still_a_home_address() -> None:
    text = "Name: Erika Lindner · Anschrift: Lindenweg 14, 50667 Köln"
    assert "home_address" in kinds(text, PD)


def test_a_hospitals_advert_with_a_polish_range_in_zloty_is_no_persons_salary() -> None:
    text = (
        "Szpital Powiatowy zatrudni PIELĘGNIARKĘ. Oferujemy wynagrodzenie zasadnicze od "
        "7 250 zł do 8 900 zł brutto. Informacji udziela: Małgorzata Zielonka."
    )
    assert "salary" not in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Tour 3 übernimmt Dennis, weil Frau Albrecht sich das Handgelenk gebrochen hat.",
        "Femke de Wit heeft vorige maand een hernia gehad en mag geen deadlifts doen.",
        "Tom's out Thu-Fri for his chemo sessions, so Ana has the pager.",
        "Chen's having his appendix out on Saturday.",
        "A Dona Lurdes não vai poder vir: ela fez a segunda sessão de quimioterapia na terça.",
        "Importante: Lucía Ferrer (3ºB) es diabética tipo 1.",
        "Le papa de Léa Martin nous a informés qu'elle est épileptique.",
    ],
)
def test_an_injury_an_operation_or_a_condition_said_in_passing_is_a_health_fact(
    text: str,
) -> None:
    assert "health" in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Joanne Fairley has moved. Her new address is 42 Hawthorn Rise, Kettering NN15 7QD.",
        "Jonas Weber ist mit seiner Mutter umgezogen und wohnt jetzt in der Birkenstraße 14.",
    ],
)
def test_a_named_persons_new_address_in_a_sentence_is_a_home_address(text: str) -> None:
    assert "home_address" in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Please note our new address is 12 High Street, Leeds LS1 4AB, from Monday, says Anna.",
        "The November Board meeting has moved to Thursday 14 November, 10:00, with Anna Berg.",
        "Unser Büro hat ab 1. Mai eine neue Adresse: Hauptstraße 3, 50667 Köln (Anna Berg).",
    ],
)
def test_an_offices_move_or_a_meetings_is_no_home_address(text: str) -> None:
    assert "home_address" not in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Die ist total abgemagert, ich hab das Gefühl, da ist was Ernstes, vielleicht sogar "
        "Krebs – Sabine war ja schon wieder drei Wochen weg.",
        "Dr. Okafor skipping the coffee all week? My money's on her being pregnant.",
    ],
)
def test_a_guess_about_somebodys_health_is_no_health_fact(text: str) -> None:
    assert "health" not in kinds(text, PD)
