"""Confidential: markers, unannounced deals and results, legal matters; not boilerplate."""

from __future__ import annotations

import pytest

from mailbrake.models import Category, Location, TextSegment
from mailbrake.rules import Scanner
from tests.rules.helpers import categories, kinds, scan_text

CF = Category.CONFIDENTIAL


@pytest.mark.parametrize(
    "text",
    [
        "STRICTLY CONFIDENTIAL - PROJECT HARRIER",
        "Privileged & Confidential: litigation strategy",
        "ATTORNEY-CLIENT PRIVILEGED COMMUNICATION",
        "CONFIDENTIAL - NOT FOR DISTRIBUTION",
        "Embargoed until 07:00 on Thursday.",
        "These terms are confidential under clause 14 of the MSA.",
        "Please keep this confidential until closing.",
        "Shared under NDA with the bidders only.",
        "Commercial in confidence.",
        "VERTRAULICH - nur für die Geschäftsleitung",
        "Note confidentielle, à ne pas diffuser.",
        "CONFIDENCIAL: resultados del trimestre",
    ],
)
def test_classification_marker_is_confidential(text: str) -> None:
    assert "classification_marker" in kinds(text, CF)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "We're buying them for about $69 million, signing on February 11. "
            "Nothing has been announced and their staff don't know yet.",
            "unannounced_deal",
        ),
        (
            "Preliminary Q3 figures: revenue 94 million, gross margin 54%. These are not "
            "public until the results call.",
            "unannounced_results",
        ),
        ("Northwind has filed a claim against us over the supply contract.", "legal_matter"),
        ("A legal hold applies to all e-mail created since August.", "legal_matter"),
    ],
)
def test_unannounced_matters_are_confidential_without_a_marker(text: str, kind: str) -> None:
    assert kind in kinds(text, CF)


@pytest.mark.parametrize(
    "text",
    [
        "This message may contain confidential information; if you are not the intended "
        "recipient please tell us and delete it.",
        "This e-mail and any attachments are confidential and intended solely for the addressee.",
        "Your survey answers are confidential - results are shown for groups of eight or more.",
        "ok I've cracked it - the secret to great coffee is to run one empty cycle first",
        "I feel privileged to have worked with such a kind group of people.",
        "The embargo on the announcement lifted at 07:00, so the press release is public now.",
        "PRESS RELEASE: Q3 revenue rose 12% to 410 million, the company announced today.",
        "We'll keep it strictly confidential of course.",
    ],
)
def test_boilerplate_and_harmless_uses_are_not_confidential(text: str) -> None:
    assert not kinds(text, CF)


MARKERS_BY_LANGUAGE = [
    "TOP SECRET - Project Falcon",
    "This report is confidential.",
    "Dieser Bericht ist vertraulich.",
    "Geschäftsgeheimnis: Preisliste 2026",
    "Diffusion restreinte - comité de direction",
    "Información privilegiada: no distribuir.",
    "STRIKT VERTROUWELIJK - overname Bakker",
    "Dit document is vertrouwelijk.",
    "Het rapport blijft vertrouwelijk tot de aankondiging.",
    "VERTROUWELIJK",
    "Documento strettamente riservato",
    "RISERVATO: piano industriale 2026",
    "Segreto aziendale - non divulgare",
    "POUFNE - do użytku zarządu",
    "Ściśle tajne",
    "Tajemnica przedsiębiorstwa: cennik",
    "Notatka poufna dla zarządu",
    "Documento confidencial: proposta de compra",
    "SIGILOSO",
    "CLASSIFIED - Annex B",
    "These figures must be kept confidential until the board meets.",
    "Estritamente confidencial - não distribuir",
    "SEGRETO - Piano di ristrutturazione",
    "Stg. Geheim: dossier Noord",
    "SECRETO: plan de expansión",
    "MUITO SECRETO - relatório anual",
    "VS-NfD",
]


@pytest.mark.parametrize("text", MARKERS_BY_LANGUAGE)
def test_classification_marker_is_found_in_each_language(text: str) -> None:
    assert "classification_marker" in kinds(text, CF)


@pytest.mark.parametrize(
    "text",
    [
        "De overname van Bakker BV is nog niet bekendgemaakt; signing volgende week.",
        "L'acquisizione di Rossi non è ancora stata annunciata, firma a marzo.",
        "Przejęcie spółki Kowalski nie zostało jeszcze ogłoszone.",
        "A aquisição da Ferreira ainda não foi anunciada.",
    ],
)
def test_unannounced_deal_is_found_in_each_language(text: str) -> None:
    assert "unannounced_deal" in kinds(text, CF)


@pytest.mark.parametrize(
    "text",
    [
        # everyday secrets
        "That recipe is top secret! Grandma never wrote it down.",
        "Keep it secret from Anna - the party is a surprise.",
        "Het geheim van een goede koffie is vers malen.",
        "Il segreto per una buona pizza è l'impasto.",
        "O segredo do bolo é a manteiga.",
        "Sekretem dobrej kawy jest świeże mielenie.",
        "EL SECRETO DEL ÉXITO ES TRABAJAR EN EQUIPO",
        "Todos los derechos reservados.",
        "Check the classified ads section for a second-hand bike.",
        # a disclaimer footer, in each language
        "The information in this email is confidential and legally privileged. It is intended "
        "solely for the addressee. If you are not the intended recipient, please notify the "
        "sender and delete it.",
        "Deze e-mail kan vertrouwelijke informatie bevatten en is uitsluitend bestemd voor de "
        "geadresseerde. Heeft u dit bericht per vergissing ontvangen, verwijder het dan.",
        "Questa e-mail può contenere informazioni riservate. Se l'avete ricevuta per errore, "
        "cancellatela.",
        "Ta wiadomość może zawierać informacje poufne. Jeśli otrzymali Państwo ją omyłkowo, "
        "prosimy o jej usunięcie.",
        "Esta mensagem pode conter informação confidencial. Se a recebeu por erro, apague-a.",
        "Diese E-Mail kann vertrauliche Informationen enthalten. Wenn Sie nicht der richtige "
        "Empfänger sind, löschen Sie sie bitte.",
        # a public deal whose price alone was not disclosed
        "Acme today announced the acquisition of Foo Ltd. Financial terms of the deal were not "
        "disclosed.",
        "Persbericht: Bakker BV neemt Jansen over voor een niet bekendgemaakt bedrag; de overname "
        "is vandaag afgerond.",
        "Your answers are confidential: your manager never sees them.",
        "The results are public now. Thanks to everyone who kept them confidential meanwhile.",
        "Referral bonus for classified and certificated staff: $500.",
    ],
)
def test_everyday_secrets_disclaimers_and_public_deals_are_not_confidential(text: str) -> None:
    assert not kinds(text, CF)


def test_a_real_marker_above_a_disclaimer_footer_still_counts() -> None:
    text = (
        "STRICTLY CONFIDENTIAL - Project Harrier board pack attached.\n\n"
        "This e-mail is confidential. If you are not the intended recipient, notify the sender."
    )
    assert "classification_marker" in kinds(text, CF)


def test_findings_in_each_language_are_alike_with_and_without_hyperscan() -> None:
    segments = [TextSegment(Location("body"), text) for text in [*MARKERS_BY_LANGUAGE, *[]]]
    fast, plain = Scanner(use_hyperscan=True), Scanner(use_hyperscan=False)
    assert set(fast.detect(segments)) == set(plain.detect(segments))


FOOTER = (
    "\n\nCONFIDENTIALITY NOTICE: This message and any attachment are confidential and may be "
    "legally privileged. It is intended only for the named recipient.\n"
)


def test_a_dispute_next_to_a_standard_footer_is_not_a_legal_matter() -> None:
    text = "Housekeeping confirmed the minibar was not used. Can you close the dispute?" + FOOTER
    assert not kinds(text, Category.CONFIDENTIAL)


def test_a_dispute_with_a_secrecy_cue_of_its_own_is_still_a_legal_matter() -> None:
    text = "Outside lawyers say do not discuss the dispute with the supplier yet." + FOOTER
    assert "legal_matter" in kinds(text, Category.CONFIDENTIAL)


def test_a_marker_above_the_footer_still_counts() -> None:
    text = "CONFIDENTIAL\n\nThe Q3 numbers are attached; do not forward." + FOOTER
    assert "classification_marker" in kinds(text, Category.CONFIDENTIAL)


@pytest.mark.parametrize(
    "text",
    [
        "Persbericht jaarcijfers. EMBARGO tot dinsdag 08:00 uur.",
        "Comunicato: embargo fino al 3 marzo ore 10.",
        "Nota de prensa EMBARGADA hasta el lunes a las 9:00.",
        "Informacja prasowa – embargo do piątku, godz. 12:00.",
        "Press note, embargo until Monday 06:00 GMT.",
        "Tabela płac 2026 – NIE DO DYSTRYBUCJI.",
        "Grille des primes – NE PAS DIFFUSER.",
    ],
)
def test_an_embargo_or_a_distribution_ban_in_each_language_is_a_marker(text: str) -> None:
    assert "confidential" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "TOP SECRET: Maria's lasagne recipe returns at the summer lunch.",
        "Streng geheim: zum Geburtstag von Jens gibt es eine Torte, nichts verraten!",
        "ALTO SECRETO 🤫: sorpresa para el cumpleaños de Lucía el viernes.",
        "ŚCIŚLE TAJNE: przepis na sernik pani Basi zostaje w biurze.",
    ],
)
def test_top_secret_in_fun_is_not_a_marker(text: str) -> None:
    assert "confidential" not in categories(text)


def test_confidential_beside_a_cake_is_still_a_marker() -> None:
    assert "confidential" in categories(
        "CONFIDENTIAL: the bakery chain's cake division is for sale"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Je antwoorden worden strikt vertrouwelijk en anoniem verwerkt door het bureau.",
        "Ihre Angaben werden streng vertraulich behandelt.",
        "Wir behandeln Ihre Angaben selbstverständlich vertraulich.",
        "Vos réponses seront traitées de manière strictement confidentielle.",
        "Le risposte saranno trattate in modo strettamente riservato.",
    ],
)
def test_a_promise_to_treat_answers_confidentially_is_not_a_marker(text: str) -> None:
    assert "classification_marker" not in kinds(text, CF)


@pytest.mark.parametrize(
    "text",
    [
        "Bitte behandeln Sie dieses Dokument streng vertraulich.",
        "Dit rapport is strikt vertrouwelijk en moet in de map blijven.",
        "This report is strictly confidential and must be kept in the restricted folder.",
    ],
)
def test_an_instruction_or_a_label_is_still_a_marker(text: str) -> None:
    assert "classification_marker" in kinds(text, CF)


def test_results_kept_quiet_are_confidential_only_when_they_are_financial() -> None:
    school = "Keep this to yourself: the mock results were poor and 3 teachers met the head."
    assert "unannounced_results" not in kinds(school, CF)
    money = "Keep this to yourself: Q3 results are not announced yet, revenue down 12%."
    assert "unannounced_results" in kinds(money, CF)


@pytest.mark.parametrize(
    "text",
    [
        "On a un accord avec les fondateurs sur 18 M€ pour 100 % du capital, signature visée "
        "fin avril. Personne d'autre n'est au courant.",
        "Wir haben uns mit Kelvio auf die Übernahme geeinigt, Unterzeichnung Ende Mai. "
        "Niemand sonst weiß davon.",
        "Nessuno lo sa ancora: firma dell'accordo per l'acquisizione a fine mese.",
        "Nikt o tym nie wie, ale podpisanie umowy przejęcia planujemy na maj.",
    ],
)
def test_a_deal_nobody_else_knows_of_is_unannounced_in_each_language(text: str) -> None:
    assert "unannounced_deal" in kinds(text, CF)


def test_a_signature_on_a_form_is_no_deal() -> None:
    text = "Please add your signature to the form. No one else knows where the form is."
    assert not kinds(text, CF)


@pytest.mark.parametrize(
    "text",
    [
        "Police arrived with a search warrant and seized the files of the tender committee.",
        "Heads up: Kevin has lodged an unfair dismissal claim and our solicitors want the file.",
        "Die Staatsanwaltschaft hat ein Ermittlungsverfahren gegen zwei Mitarbeiter eingeleitet.",
        "Frau Mertens hat unserem Vergleichsvorschlag vor dem Arbeitsgericht zugestimmt.",
        "Le parquet a ouvert une enquête préliminaire sur le marché de la cantine.",
        "La Fiscalía ha abierto diligencias por el accidente del almacén.",
        "La Procura della Repubblica ha iscritto un procedimento per il decesso in reparto.",
        "Funkcjonariusze CBA zabrali dokumenty przetargu na podstawie postanowienia prokuratury.",
        "De FIOD deed een huiszoeking en heeft de administratie in beslag genomen.",
        "O Ministério Público abriu um inquérito criminal sobre o concurso.",
    ],
)
def test_an_investigation_a_search_or_a_court_claim_of_ours_is_a_legal_matter(text: str) -> None:
    assert "legal_matter" in kinds(text, CF)


@pytest.mark.parametrize(
    "text",
    [
        "The prosecutor in that series was brilliant, watch it.",
        "La procura speciale per la firma del contratto è allegata.",
        "I copied the files to the shared drive and took away the old laptops.",
        "Le procès-verbal de l'assemblée est en pièce jointe.",
    ],
)
def test_a_prosecutor_on_tv_a_power_of_attorney_or_copied_files_are_no_legal_matter(
    text: str,
) -> None:
    assert "legal_matter" not in kinds(text, CF)


def test_a_contracts_defined_term_confidential_information_is_a_clause_not_a_marker() -> None:
    clause = "2. The Visitor shall keep all Confidential Information secret and use it only here."
    assert not kinds(clause, CF)
    assert kinds("Please keep all confidential documents in the locked cabinet.", CF)


@pytest.mark.parametrize(
    "text",
    [
        "Their solicitors sent a letter before action about the delayed delivery.",
        "Je te transfère la mise en demeure reçue de l'avocat de Batiplus ce matin.",
        "Ci è arrivata una diffida formale dallo studio legale del fornitore.",
        "Gisteren kwam de ingebrekestelling van hun advocaat binnen.",
        "Dostaliśmy wezwanie przedsądowe od kancelarii reprezentującej najemcę.",
    ],
)
def test_a_lawyers_formal_notice_before_a_claim_is_a_legal_matter(text: str) -> None:
    assert "legal_matter" in kinds(text, CF)


@pytest.mark.parametrize(
    "text",
    [
        "Bitte streng geheim halten, wen ihr gezogen habt!",
        "Secret Santa: TOP SECRET who you drew, budget 15 euros.",
        "Tender submissions are treated as commercially confidential during evaluation.",
        "We may withhold information that is legally privileged, but only the DPO decides.",
    ],
)
def test_keeping_a_draw_secret_or_saying_how_submissions_are_handled_is_no_marker(
    text: str,
) -> None:
    assert not kinds(text, CF)


@pytest.mark.parametrize(
    "text",
    [
        "STRENG GEHEIM: Übernahmepläne für das dritte Quartal.",
        "This memo is legally privileged and must not be forwarded.",
    ],
)
def test_the_same_words_as_a_label_stay_markers(text: str) -> None:
    assert "classification_marker" in kinds(text, CF)


@pytest.mark.parametrize(
    "text",
    [
        "2. Settlement agreement set aside\nIn a reported Employment Appeal Tribunal case, a "
        "settlement agreement signed by a manager was found not to cover a later claim.",
        "We sent a simulated phishing email posing as a DocuSign 'Settlement Agreement'.",
        "Das Gericht hat entschieden: die Klage gegen uns war ein Musterfall für die Branche.",
        # Published already.
        "La Fiscalía ha abierto diligencias contra Telmex Ibérica, según fue publicado ayer.",
        "Die Staatsanwaltschaft hat ein Ermittlungsverfahren gegen zwei Mitarbeiter von Telmex "
        "eingeleitet, wurde gestern veröffentlicht.",
    ],
)
def test_news_of_someone_elses_case_or_a_phishing_drill_is_no_legal_matter(text: str) -> None:
    assert "legal_matter" not in kinds(text, CF)


def test_our_own_settlement_beside_no_news_stays_a_legal_matter() -> None:
    assert "legal_matter" in kinds("Our settlement agreement with Kevin was signed today.", CF)
    # To be published is not published yet.
    text = "Northwind has filed a claim against us; the ruling will be published on 28 May."
    assert "legal_matter" in kinds(text, CF)


@pytest.mark.parametrize(
    "text",
    [
        "Classification levels:\nPUBLIC: press releases.\nINTERNAL: intranet, org charts.\n"
        "CONFIDENTIAL: contracts. Documents marked CONFIDENTIAL must be encrypted.\n"
        "RESTRICTED: named individuals only.",
        "Niveaux de classification : PUBLIC, INTERNE, CONFIDENTIEL, SECRET. Les documents "
        "marqués CONFIDENTIEL doivent être chiffrés.",
    ],
)
def test_a_policy_that_explains_the_classification_levels_carries_no_marker(text: str) -> None:
    assert "classification_marker" not in kinds(text, CF)


def test_a_document_with_one_level_and_the_word_classification_keeps_its_marker() -> None:
    text = "CONFIDENTIAL\nBoard paper: disposal of the Leeds site. Classification: CONFIDENTIAL."
    assert "classification_marker" in kinds(text, CF)


def test_a_uk_government_marking_guide_names_its_levels_and_carries_none() -> None:
    text = (
        "Handling guide: OFFICIAL for most work; OFFICIAL-SENSITIVE for HR files; SECRET only "
        "by named approval. If a document arrives marked CONFIDENTIAL, treat it as "
        "OFFICIAL-SENSITIVE."
    )
    assert "classification_marker" not in kinds(text, CF)


@pytest.mark.parametrize(
    "text",
    [
        "EMBARGOED UNTIL 07:00 BST 3 June\n\nThe embargo lifted at 07:00, so share freely.",
        "Sperrfrist aufgehoben: seit 10 Uhr ist die Sperrfrist vorbei, die Shortlist ist raus.",
        "SOUS EMBARGO jusqu'au 5 mai 9 h. Mise à jour : l'embargo est levé depuis ce matin.",
        "BAJO EMBARGO hasta las 9:00. El embargo se ha levantado, ya podéis compartirlo.",
        "Comunicato SOTTO EMBARGO fino alle 10. L'embargo è scaduto alle 10, diffondete pure.",
        "ONDER EMBARGO tot 9 uur. Het embargo is opgeheven, jullie mogen het delen.",
    ],
)
def test_an_embargo_the_message_says_is_over_is_no_marker(text: str) -> None:
    assert "classification_marker" not in kinds(text, CF)


@pytest.mark.parametrize(
    "text",
    [
        "EMBARGOED UNTIL 09:00 tomorrow. The embargo will be lifted at 09:00.",
        "Sperrfrist bis Donnerstag 10 Uhr: die Sperrfrist wird dann aufgehoben.",
        "SOUS EMBARGO jusqu'au 5 mai : l'embargo sera levé jeudi.",
        "ONDER EMBARGO tot vrijdag: het embargo wordt opgeheven om 9 uur.",
    ],
)
def test_an_embargo_still_to_be_lifted_stays_a_marker(text: str) -> None:
    assert "classification_marker" in kinds(text, CF)


def test_professional_secrecy_as_a_topic_is_no_marker_but_covering_a_text_it_is() -> None:
    topic = "Formation jeudi : « Le secret professionnel du notaire à l'heure du RGPD »."
    assert "classification_marker" not in kinds(topic, CF)
    for covered in (
        "Correspondance avocat-client couverte par le secret professionnel.",
        "Comunicazione coperta dal segreto professionale avvocato-cliente.",
        "Advies van de advocaat (verschoningsrecht), niet doorsturen.",
        "SECRET PROFESSIONNEL",
    ):
        assert "classification_marker" in kinds(covered, CF), covered


@pytest.mark.parametrize(
    "text",
    [
        # how a form is handled, how to mark one's own tender, a library's spy-fiction display
        "Please return the medical form by Friday. This information is kept confidential and "
        "is only shared with the staff on the trip.",
        "Tenderers should identify commercially sensitive information and mark it 'commercial "
        "in confidence', giving reasons.",
        "TOP SECRET: Spies in Fiction. Our ground-floor display this month is all dead drops.",
        # a classification e-learning naming the levels in title case
        "Documenten krijgen voortaan een label: Openbaar, Intern, Vertrouwelijk of Strikt "
        "vertrouwelijk. In de e-learning leer je welk label je kiest.",
    ],
)
def test_speech_about_confidentiality_is_no_marker(text: str) -> None:
    assert "classification_marker" not in kinds(text, CF)


@pytest.mark.parametrize(
    "text",
    [
        "TOP SECRET: the Q3 acquisition shortlist, do not forward.",
        "Strikt vertrouwelijk: de overname van Bakker BV wordt maandag getekend.",
        "COMMERCIAL IN CONFIDENCE - pricing schedule for the Council's tender.",
        # said to be marked: the marker itself, not an instruction to mark
        "This report is marked 'STRICTLY CONFIDENTIAL' and must not leave the board.",
        'Attached, marked "Strictly confidential": the Q3 acquisition shortlist.',
    ],
)
def test_the_same_words_as_a_marker_stay_markers(text: str) -> None:
    assert "classification_marker" in kinds(text, CF)


def test_another_firms_cuts_as_a_paper_reported_them_are_not_our_plan() -> None:
    text = (
        "As reported in Transport Weekly, Northway Travel will close its Penrith depot in the "
        "new year, with around 60 jobs at risk."
    )
    assert "restructuring" not in kinds(text, Category.INTERNAL)
    # "as reported in" our own papers is ours
    ours = "As reported in the board pack, we will close the Penrith depot: 60 jobs at risk."
    assert "restructuring" in kinds(ours, Category.INTERNAL)


@pytest.mark.parametrize(
    "text",
    [
        "The ET1 arrived this morning. Kelly is claiming unfair dismissal.",
        "Her schedule of loss is just over £48,000.",
        "Frankly I'd rather settle if we can keep it under £15k.",
        "He has started ACAS early conciliation, so a claim will follow.",
    ],
)
def test_an_employment_claims_papers_and_a_wish_to_settle_are_a_legal_matter(text: str) -> None:
    assert CF.value in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "The new starters should settle in quickly.",
        "Let's settle the bill after lunch and head back.",
    ],
)
def test_settling_in_or_settling_a_bill_is_no_legal_matter(text: str) -> None:
    assert CF.value not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        # a surprise farewell, a summer fête's motto, a send-off: "secret" in fun, with the
        # party in the sentence before or the heading above
        "Wir wollen sie mit einer kleinen Feier überraschen. Es ist also STRENG GEHEIM – "
        "nicht verplappern!",
        "Sommerfest am 5. Juli\n\nDas Motto ist noch streng geheim – das Orga-Team verrät "
        "nur so viel: Bringt Sonnenbrillen mit.",
        "We want to give her a proper send-off, so this is TOP SECRET – please don't mention "
        "it in the staffroom.",
        # a story's stamp, with the story told of further up
        "ecco il mio racconto per l'incontro di giovedì.\n\nIL FASCICOLO DI TRIESTE\n\n"
        "Il timbro rosso diceva RISERVATISSIMO – NON DIVULGARE, ma il fascicolo era lì.",
        "What we liked\n- The opening chapter with the TOP SECRET dossier left on the night train.",
        # inside information as the law has it published (MAR, art. 17)
        "COMUNICADO · Informação privilegiada nos termos do art. 17.º do Regulamento (UE) "
        "596/2014, divulgada nesta data ao mercado",
        "Ad-hoc-Mitteilung: Insiderinformation gemäß Art. 17 MAR. Die Gesellschaft erhöht "
        "ihre Prognose.",
        # how a policy handles what staff give it
        "Medical information you give us will be treated as confidential and stored only in "
        "the HR system.",
    ],
)
def test_secrets_of_a_party_a_story_a_published_notice_or_a_promise_are_no_markers(
    text: str,
) -> None:
    assert "classification_marker" not in kinds(text, CF)


@pytest.mark.parametrize(
    "text",
    [
        "TOP SECRET – the Borsig acquisition closes on Friday; the board meets at 8.",
        "CONFIDENTIAL: the restructuring plan. (The Christmas party is on the 19th.)",
        "Il fascicolo resta RISERVATISSIMO fino alla firma del 12 marzo.",
        "Insiderinformation: Der Vorstand prüft den Verkauf der Sparte Logistik.",
        "This report must be treated as confidential until the board has seen it.",
    ],
)
def test_markers_without_a_party_a_story_or_a_publication_stay_markers(text: str) -> None:
    assert "classification_marker" in kinds(text, CF)


def test_a_contracts_parties_do_not_make_its_secret_marker_fun() -> None:
    text = "SECRET\n\nThe Parties agree that the counterparty shall not disclose the price."
    assert "classification_marker" in kinds(text, CF)


@pytest.mark.parametrize(
    "text",
    [
        # a published judgment, by its date or its ECLI
        "In een arrest van 5 april 2024 (ECLI:NL:HR:2024:517) heeft de Hoge Raad zich "
        "uitgesproken over een geheimhoudingsbeding in een vaststellingsovereenkomst.",
    ],
)
def test_a_published_judgment_is_no_legal_matter_of_ours(text: str) -> None:
    assert "legal_matter" not in kinds(text, CF)


def test_our_own_settlement_agreement_stays_a_legal_matter() -> None:
    text = (
        "De vaststellingsovereenkomst met Jansen wordt vrijdag getekend; het bedrag blijft binnen."
    )
    assert "legal_matter" in kinds(text, CF)


@pytest.mark.parametrize(
    "text",
    [
        "Anything you tell us stays confidential, just as it would with your doctor.",
        "Poinformowanie wychowawcy – informacja pozostaje poufna, nie podajemy jej innym rodzicom.",
        "La información sobre tu vacunación queda registrada en tu historia clínica, protegida "
        "por el secreto profesional.",
        "For forty years they were stamped CLASSIFIED; this spring the museum puts 200 objects "
        "on display.",
        "TOP SECRET: our new exhibition opens 14 March",
    ],
)
def test_promises_of_how_your_data_are_kept_and_an_exhibitions_stamps_are_no_markers(
    text: str,
) -> None:
    assert "classification_marker" not in kinds(text, CF)


@pytest.mark.parametrize(
    "text",
    [
        "This information remains confidential until the results are announced on 3 May.",
        "Este escrito está protegido por el secreto profesional del abogado.",
        "CLASSIFIED – the board's plan for the Leeds site.",
    ],
)
def test_the_same_words_about_this_text_stay_markers(text: str) -> None:
    assert "classification_marker" in kinds(text, CF)


def test_a_templates_confidentiality_clause_is_no_marker() -> None:
    found = scan_text(
        "As partes obrigam-se a não divulgar as informações confidenciais.",
        part="attachment",
        name="Minuta_contrato_modelo.docx",
    )
    assert "classification_marker" not in {f.kind for f in found}


@pytest.mark.parametrize(
    "text",
    [
        # a deal in an aside, with who may not know of it
        "One thing: please don't bring up Halden Road. We exchange on that land on 14 March at "
        "4.2m and Brightwater are bidding for the same plot.",
        "The Tri-County merger agreement is set to be signed on the 28th, with our board voting "
        "on the 27th.",
        "Wir übernehmen die zum 1. April, Kaufpreis 38 Millionen. Der Kaufvertrag wird am 12. "
        "Februar in München unterschrieben.",
        "Q3 like-for-likes came in at minus 3.8% and the trading update isn't out until the 9th.",
        "L'URSSAF vient le 17 pour son contrôle ; le redressement pourrait atteindre 60 000 €. "
        "M. Dumas ne veut pas que ça se sache.",
        "Proprio per questo: la Banca d'Italia ci fa l'ispezione ordinaria dal 3 novembre. Non "
        "ditelo in giro.",
    ],
)
def test_a_deal_results_or_an_inspection_in_an_aside_with_a_secrecy_cue_is_confidential(
    text: str,
) -> None:
    assert kinds(text, CF) & {"unannounced_deal", "unannounced_results", "legal_matter"}


@pytest.mark.parametrize(
    "text",
    [
        "We've agreed to pay Kessler Foods £184,000 to settle their claim over the pesto batch.",
        "Her solicitors have now lodged a claim for £45,000 including loss of earnings.",
        "El lunes firmamos el acuerdo, les pagamos 180.000 euros y retiran la demanda.",
        "18 grudnia przychodzi inspekcja GIF w sprawie reklamacji partii 24-0917.",
        "The FCA are coming in on 14 October to look at how we've handled complaints.",
    ],
)
def test_claims_settled_or_lodged_and_a_regulators_visit_are_legal_matters(text: str) -> None:
    assert "legal_matter" in kinds(text, CF)


@pytest.mark.parametrize(
    "text",
    [
        "ROI calculators don't tell the whole TCO story, says the consultant.",
        "Between us - I don't think the merger of the two choirs will work, but Ana loves it.",
        "The FCA published its review of complaint handling last year; our figures are online.",
        "Thanks for the kind words about the merger party - don't mention it!",
    ],
)
def test_everyday_secrecy_words_and_a_published_review_are_no_confidential_matter(
    text: str,
) -> None:
    assert not kinds(text, CF)


def test_a_label_in_capitals_marks_a_file_named_as_a_template() -> None:
    found = scan_text(
        "CONFIDENTIAL\n\nBoard paper: the sale of the Leeds site to Harlow plc.",
        part="attachment",
        name="Board_paper_template.docx",
    )
    assert "classification_marker" in {f.kind for f in found}
