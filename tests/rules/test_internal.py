"""Internal: HR reports, restructuring, reviews, minutes, drafts, restrictions; not social uses."""

from __future__ import annotations

import pytest

from mailbrake.models import Category, Confidence
from tests.rules.helpers import kinds, scan_text

IN = Category.INTERNAL


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Remove 10 roles, mainly duplicated coordinator positions.", "restructuring"),
        ("Dabei fallen voraussichtlich 8 Stellen weg.", "restructuring"),
        ("Performance improvement plan for Jordan, starting Monday.", "performance_review"),
        (
            "MINUTES OF A MEETING OF THE BOARD OF DIRECTORS\n1. Capital expenditure of "
            "£3,755,771 was approved.",
            "board_minutes",
        ),
        (
            "The consultants finished the efficiency study: idle time is 28% on nights.",
            "efficiency_study",
        ),
        ("Voluntary attrition: 11% annualised; regretted leavers: 16.", "hr_report"),
        (
            "DRAFT - for internal review only\nHybrid working policy (v0.5)\n1. Three days a week.",
            "draft",
        ),
        (
            "Recruiting: 47 offers, agency spend £97,848 over budget. Not for circulation "
            "outside the leadership team.",
            "distribution_restriction",
        ),
    ],
)
def test_internal_material_is_found(text: str, kind: str) -> None:
    assert kind in kinds(text, IN)


def test_restriction_with_content_and_no_classification_is_internal() -> None:
    text = "Q3 attainment: North 86%, South 128%. Please keep this to the leadership group."
    assert "distribution_restriction" in kinds(text, IN)


@pytest.mark.parametrize(
    "text",
    [
        "Here's a draft schedule for the picnic on Thursday - nothing is fixed yet.",
        "Minutes of this month's meeting of the book club: we argued about the ending.",
        "The car park is restricted to permit holders, so come by train.",
        "Please don't forward chain letters.",
    ],
)
def test_social_and_harmless_uses_are_not_internal(text: str) -> None:
    assert not kinds(text, IN)


def test_who_only_sees_what_is_a_statement_not_a_restriction_label() -> None:
    # "managers only see results for teams of 5 or more" describes a survey's privacy, with a
    # figure nearby; the same words as a label ("for managers only") still restrict.
    text = "Managers only see results for teams with 5 or more responses; 80% took part."
    assert not kinds(text, IN)
    labelled = "Headcount plan: 12 roles move to Leeds, 4 close. For managers only."
    assert "distribution_restriction" in kinds(labelled, IN)


def test_tracked_changes_segment_is_internal() -> None:
    findings = scan_text(
        "deleted: the old figure", part="attachment", name="plan.docx", detail="tracked changes"
    )
    assert any(f.kind == "tracked_changes" and f.confidence >= Confidence.MEDIUM for f in findings)


def test_version_numbered_attachment_is_a_weak_draft_signal() -> None:
    findings = scan_text("Quarterly notes", part="attachment", name="report_v3.docx")
    assert [f.confidence for f in findings if f.kind == "versioned_draft"] == [Confidence.LOW]


@pytest.mark.parametrize(
    "text",
    [
        "Borrador del informe de reestructuración: 14 puestos afectados en Sevilla.",
        "Plan de reorganización (borrador): 3 equipos se fusionan en uno.",
        "Im Anhang der Berichtsentwurf mit 4 Varianten für den Stellenplan.",
        "Entwurf des Protokolls der Vorstandssitzung vom 3. Mai: Punkt 2 beschlossen.",
        "Voici le brouillon du rapport d'évaluation : 3 équipes sous-performent.",
        "In allegato la bozza del verbale del CdA: 3 punti approvati.",
        "Segue o rascunho do relatório de avaliação, 3 páginas.",
        "W załączniku wersja robocza raportu: 12 etatów do redukcji.",
        "Bijgaand het conceptrapport over de 6 vestigingen.",
    ],
)
def test_the_draft_of_a_business_document_is_internal_in_every_language(text: str) -> None:
    assert "draft" in kinds(text, IN)


@pytest.mark.parametrize(
    "text",
    [
        "Os mando el borrador de la carta de cócteles de verano: 12 cócteles, 3 sin alcohol.",
        "Adjunto el borrador del cartel del Día del Agua, 2 versiones de color.",
        "Hier der Entwurf für das Sommerfest-Plakat, 2 Farben.",
        "Voici le brouillon du menu de Noël : 3 entrées, 2 desserts.",
        "Ecco la bozza del volantino per la festa del 12 giugno.",
        "The concept shot shows 3 new ways they plan to use the lens.",
    ],
)
def test_a_draft_of_a_menu_poster_or_party_is_not_internal(text: str) -> None:
    assert not kinds(text, IN)


@pytest.mark.parametrize(
    "text",
    [
        "Performance review of the orders database: p95 latency rose from 40 ms to 310 ms.",
        "Monthly performance review - API cluster: 3 of 5 nodes hit 90% CPU at peak.",
        "Performance review van de Elasticsearch-cluster na de upgrade: queries 2x trager.",
        "Performance review serwera bazy danych: 12 zapytań powyżej 2 s.",
        "Attached: the Q2 performance review of RotaWise. Availability was 99.6% against the SLA.",
        "Quarterly performance review of the warehouse app: page loads 2.1 s, uptime 99.9%.",
    ],
)
def test_a_performance_review_of_a_system_is_not_hr(text: str) -> None:
    assert "performance_review" not in kinds(text, IN)


def test_a_performance_review_that_names_a_persons_rating_stays_hr_near_a_system_word() -> None:
    text = "Performance review: Dana kept the billing system running; her rating is 2 of 5."
    assert "performance_review" in kinds(text, IN)


def test_a_subject_that_names_a_review_is_a_mention_the_body_decides() -> None:
    subject = scan_text("Performance review - March", part="subject")
    assert not [f for f in subject if f.category is IN]
    body = "Performance review for Sam Lee: objectives 2 of 4 met, overall rating 2."
    assert "performance_review" in kinds(body, IN)


@pytest.mark.parametrize(
    "text",
    [
        "DRAFT - staff Christmas party menu\n- starter: soup\n- main: 2 choices",
        "ENTWURF Speisekarte Sommerfest\n- Grillteller 12,50\n- Salat 6,00",
        "Bozza del menu per la festa aziendale: 3 portate, 25 euro a testa.",
        "Wersja robocza planu: piknik firmowy, 14 czerwca, 2 autobusy.",
    ],
)
def test_a_draft_of_a_party_or_a_menu_is_not_internal(text: str) -> None:
    assert "draft" not in kinds(text, IN)


def test_a_draft_with_business_figures_beside_a_party_stays_internal() -> None:
    text = "DRAFT - not final\n- 14 roles go in Q3; budget cut of 8%\n- the summer party goes ahead"
    assert kinds(text, IN)


@pytest.mark.parametrize(
    "text",
    [
        "Document de travail - budget 2026 avant arbitrage\nVoirie : 1 250 000 €",
        "Dokument roboczy: plan etatów 2025/26\n- 3 etaty mniej",
        "Arbeitspapier Stellenplan 2026: 4 Stellen entfallen in der Logistik.",
        "Documento de trabajo: presupuesto 2026, partida de personal 2,1 M€.",
    ],
)
def test_a_working_document_in_each_language_is_a_draft(text: str) -> None:
    assert kinds(text, IN)


def test_a_review_of_routers_or_checkout_latency_is_a_systems() -> None:
    text = "Attached is the Q2 performance review for the core routers: uplink utilisation 81%."
    assert "performance_review" not in kinds(text, IN)


def test_a_promise_not_to_share_results_is_no_restriction_but_an_instruction_is() -> None:
    promise = "Results are reported at firm level; we don't share individual results. 19% clicked."
    assert "distribution_restriction" not in kinds(promise, IN)
    order = "Please don't share: 12 roles go in March, 3 more in June."
    assert "distribution_restriction" in kinds(order, IN)


@pytest.mark.parametrize(
    "text",
    [
        "El ERE de Conservas Almadraba: la empresa confirmó en rueda de prensa 210 despidos.",
        "At a press conference Halden confirmed 300 planned redundancies at its Leeds plant.",
        "Laut Presse plant der Wettbewerber Stellenabbau: 120 Stellen fallen in Kassel weg.",
    ],
)
def test_another_companys_cuts_as_the_press_reported_them_are_not_our_plan(text: str) -> None:
    assert "restructuring" not in kinds(text, IN)


def test_our_own_cuts_not_yet_told_to_staff_stay_internal() -> None:
    text = "Hemos decidido 40 despidos en Vinaròs; no se ha comunicado todavía a la plantilla."
    assert "restructuring" in kinds(text, IN)


def test_an_appeal_by_internal_review_or_a_clubs_draft_agenda_is_not_internal() -> None:
    foi = "If you are unhappy with this response you may ask for an internal review within 40 days."
    assert not kinds(foi, IN)
    agm = "Hallow Park Allotment Society AGM\nDRAFT AGENDA\n1. Apologies\n2. Treasurer's report"
    assert "draft" not in kinds(agm, IN)
    assert "internal_report" in kinds(
        "Attached: the internal review of the Leeds outage, 3 findings.", IN
    )


@pytest.mark.parametrize(
    "text",
    [
        "Summer performance review of the three air handling units: AHU-C3 fan at 94%.",
        "Maureen retires on the 25th - keep it a surprise!\nDraft plan: 2.30 cake, 2.45 speeches.",
        "A1\tGeneral\tSigned board minutes for the year and up to the date of signing\tPriority",
    ],
)
def test_a_machines_review_a_farewells_plan_or_minutes_asked_for_are_not_internal(
    text: str,
) -> None:
    assert not kinds(text, IN)


def test_cuts_to_be_announced_at_a_press_conference_stay_internal() -> None:
    text = "We will announce the 40 planned redundancies at a press conference on Monday."
    assert "restructuring" in kinds(text, IN)


def test_a_pip_is_the_capitalised_acronym_not_a_word() -> None:
    assert "performance_review" in kinds("Jordan goes on a PIP from Monday, 60 days.", IN)
    assert "performance_review" in kinds("Two PIPs were closed this quarter.", IN)
    # A product's or a person's name is no plan ("Pip bunk bed", "Pip from accounts").
    assert "performance_review" not in kinds("13:30 Kids' room, Pip bunk bed, hero shot", IN)
    assert "performance_review" not in kinds("Ask Pip from accounts about the float.", IN)


@pytest.mark.parametrize(
    "text",
    [
        'Webinar: join us on 21 November, 12:30, for "Handling grievances and whistleblowing".',
        "Schulung am Montag: „Performance review richtig führen“ für alle Teamleiter.",
    ],
)
def test_a_trainings_quoted_title_is_no_hr_report(text: str) -> None:
    assert not kinds(text, IN)


def test_grievances_counted_in_a_report_stay_internal_beside_a_training() -> None:
    text = "HR update: grievances rose to 14 this quarter; the training is on Monday."
    assert "hr_report" in kinds(text, IN)


def test_a_draft_christmas_do_with_a_taxi_budget_is_no_business_draft() -> None:
    text = (
        "Stonebridge Christmas Do – DRAFT v1\nDate: Saturday 14 December\n"
        "Option A – buffet £18 pp, DJ £150. Option B – banquet £28 pp, taxi budget needed.\n"
        "Secret Santa: £10 limit, names drawn on 2 December."
    )
    assert not scan_text(text, part="attachment", name="Xmas_do_DRAFT_v1.docx")


def test_a_draft_fun_day_schedule_line_is_harmless() -> None:
    assert not kinds("DRAFT – Family Fun Day schedule, Sat 21 June", IN)


def test_a_draft_budget_beside_a_party_is_still_a_business_draft() -> None:
    text = (
        "DRAFT budget 2026 – not final\nMarketing £120k, events £40k, Christmas party £2,000.\n"
        "Revenue forecast £4.1m."
    )
    assert "draft" in kinds(text, IN)


def test_a_version_numbered_party_plan_is_no_versioned_draft() -> None:
    text = "Summer BBQ and raffle, then karaoke; bring a dessert."
    found = scan_text(text, part="attachment", name="Summer_party_plan_v2.docx")
    assert not [f for f in found if f.kind == "versioned_draft"]


def test_yearly_figures_the_firm_publishes_itself_are_no_hr_report() -> None:
    text = (
        "Every year we publish our service results in full, and this year's report is now on "
        "our website.\n- Calls answered within 20 seconds: 82%\n- Staff attrition 31%"
    )
    assert "hr_report" not in kinds(text, IN)


def test_attrition_figures_without_a_publication_are_still_an_hr_report() -> None:
    text = "People dashboard for the board: staff attrition 31%, regretted leavers 9."
    assert "hr_report" in kinds(text, IN)


def test_grievances_in_a_retirement_tribute_are_a_career_not_a_report() -> None:
    text = (
        "After 17 years as branch secretary, Maureen Gallagher is retiring. She has represented "
        "members at grievances and appeals. Join us for her leaving do on Friday."
    )
    assert "hr_report" not in kinds(text, IN)


def test_grievances_with_a_figure_are_still_an_hr_report() -> None:
    text = "Before her leaving do: open cases this quarter, 14 grievances, up 40% on last year."
    assert "hr_report" in kinds(text, IN)


def test_a_subject_that_names_a_draft_is_a_mention_the_body_decides() -> None:
    subject = scan_text(
        "DRAFT – Summer in the Parks 2025 programme (comments by 4 April)", part="subject"
    )
    assert not [f for f in subject if f.category is IN]
    body = "DRAFT v2 – not final. Budget 2026: marketing £120k, 3 FTEs, revenue forecast £4.1m."
    assert "draft" in kinds(body, IN)


@pytest.mark.parametrize(
    "text",
    [
        "Quartalsbericht: Leistungsbeurteilung der Fräsmaschine, Spindellaufzeit 412 h.",
        "Performance review of the drying kiln: moisture from 38% to 12% in 9 days.",
    ],
)
def test_a_review_of_a_machine_is_no_persons_review(text: str) -> None:
    assert "performance_review" not in kinds(text, IN)


def test_cuts_the_firm_has_announced_itself_are_no_internal_plan() -> None:
    text = (
        "As we said in our announcement, we've started a consultation with the Twerton team "
        "about the proposed redundancies."
    )
    assert "restructuring" not in kinds(text, IN)


def test_a_review_of_a_machining_centre_named_as_a_german_compound_is_no_staff_review() -> None:
    text = (
        "hier die Leistungsbeurteilung für das Fräszentrum FZ-4 nach dem Spindeltausch:\n"
        "Rundlauf Spindel: 1,5 µm (vorher 6 µm) - i. O."
    )
    assert "performance_review" not in kinds(text, IN)


def test_a_review_of_a_named_employee_stays_a_staff_review() -> None:
    text = (
        "hier die Leistungsbeurteilung von Jana Körner für das erste Halbjahr: Ziele "
        "teilweise erreicht, Entwicklungsplan folgt."
    )
    assert "performance_review" in kinds(text, IN)


@pytest.mark.parametrize(
    "text",
    [
        "Se adjunta el calendario PROVISIONAL de exámenes. Se trata todavía de un borrador "
        "aprobado por la Comisión de Docencia el 8 de abril.",
        "Attached is the DRAFT timetable for the junior summer course; rooms may change.",
    ],
)
def test_a_draft_class_or_exam_timetable_is_not_internal(text: str) -> None:
    assert "draft" not in kinds(text, IN)


def test_a_blank_review_form_attached_is_no_review() -> None:
    found = scan_text(
        "ENTRETIEN ANNUEL D'ÉVALUATION\nNom du collaborateur :\nObjectifs atteints :",
        part="attachment",
        name="Formulaire_entretien_annuel_2025_vierge.docx",
    )
    assert not {f.kind for f in found} & {"performance_review"}


def test_a_filled_review_form_is_still_a_review() -> None:
    found = scan_text(
        "ENTRETIEN ANNUEL D'ÉVALUATION\nNom du collaborateur : Julie Morel\n"
        "Objectifs atteints : partiellement, plan de progrès en mars.",
        part="attachment",
        name="Entretien_annuel_2025_J_Morel.docx",
    )
    assert "performance_review" in {f.kind for f in found}


def test_a_review_of_a_machining_cell_by_its_cycle_time_and_scrap_rate_is_no_staff_review() -> None:
    text = (
        "Cycle time on the Parker manifold is down from 42 to 29 minutes.\n\n"
        "I'd suggest we run the full performance review again at the end of June, once the "
        "tool changer fix is in.\n\nScrap rate is the one to watch: 3.8% in week two."
    )
    assert "performance_review" not in kinds(text, IN)
