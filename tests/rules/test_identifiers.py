"""Identifiers: checksum-valid values are found, look-alikes are not, snippets are redacted."""

from __future__ import annotations

import pytest

from mailbrake.models import Category, Location, TextSegment
from mailbrake.rules import Scanner
from tests.rules.helpers import kinds, scan_text

PD = Category.PERSONAL_DATA


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Please charge my card 4556 7375 8689 9855, exp 12/27.", "payment_card"),
        ("Pay into IBAN DE08 3704 0044 0532 0131 00 please.", "iban"),
        ("SSN: 123-45-6780 for the insurance form", "us_ssn"),
        ("His NI number is AB 12 34 56 C.", "gb_nino"),
        ("NHS number: 943 476 5919", "gb_nhs"),
        ("Numéro de sécurité sociale : 2 95 10 99 126 111 93", "fr_nir"),
        ("Steuer-ID: 86 095 742 719", "de_idnr"),
        ("DNI: 54362315K", "es_dni"),
        ("SIN 130 692 007 on file", "ca_sin"),
        ("Codice fiscale RCCMNL80A01H501U", "it_codice_fiscale"),
        ("Her BSN is 111222333.", "nl_bsn"),
        ("TFN: 123 456 009", "au_tfn"),
        ("PPS number 1234567T", "ie_pps"),
        ("Passport no.: 582347981", "passport"),
    ],
)
def test_checksum_valid_identifier_is_personal_data(text: str, kind: str) -> None:
    assert kind in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Membership number: 6130 2211 0383 5851",  # fails Luhn
        "Payment reference: 4660 9426 3372 9273",  # fails Luhn
        "IBAN example with a wrong check digit: NL90 RABO 5608 0646 23",
        "SSNs with an unused area number (such as 666-16-5150) are rejected",
        "Test card 4111 1111 1111 1111 works in the sandbox",
        "Sample SSN 078-05-1120 from the old wallet ad",
        "Documentation IBAN GB82 WEST 1234 5698 7654 32",
        "Your saved card ending 6790 and **** **** **** 4242 are on file",
        "Build: 5027fd36ccc225517b6b45a800a1cba9ac4c8014",
        "Tracking ID ce33ed21-2c63-48c6-b1ca-8ff891f14374",
        "Carrier tracking: 9430919841866924285864",
        "Meeting ID: 789 5388 6574",
    ],
)
def test_look_alikes_are_not_personal_data(text: str) -> None:
    assert not kinds(text, PD)


def test_nine_digit_number_needs_its_context_word() -> None:
    assert "nl_bsn" not in kinds("Order 111222333 has shipped.", PD)


def test_identifier_snippets_never_show_the_full_value() -> None:
    text = "IBAN DE08 3704 0044 0532 0131 00, card 4556 7375 8689 9855, SSN 123-45-6780"
    findings = scan_text(text)
    assert findings
    for value in ("DE08370400440532013100", "4556737586899855", "123456780"):
        for f in findings:
            assert value not in f.snippet.replace(" ", "").replace("-", "")
    assert any(f.snippet == "IBAN DE08 **** **** **** **31 00" for f in findings)


# Valid numbers: python-stdnum's documented examples or numbers built with its check digits.
NATIONAL_IDS = [
    ("PESEL: 44051401359", "pl_pesel"),
    ("Numer PESEL pracownika 02270803624, proszę o weryfikację.", "pl_pesel"),
    ("NIP: 856-734-62-15 (działalność jednoosobowa Jana Kowalskiego)", "pl_nip"),
    ("Contribuinte (NIF): 221 325 620", "pt_nif"),
    ("Número de identificação fiscal da Joana: 221325620.", "pt_nif"),
    ("Cartão de Cidadão n.º 00000000 0 ZZ4, válido até 2030.", "pt_cc"),
    ("Burgerservicenummer van de medewerker: 1112.22.333", "nl_bsn"),
    ("BSN 111222333 staat in het dossier.", "nl_bsn"),
    ("Il codice fiscale del dipendente è RCCMNL80A01H501U.", "it_codice_fiscale"),
    ("C.F. RCCMNL80A01H50MM (omocodia)", "it_codice_fiscale"),
    ("CURP: BOXW310820HNERXN09", "mx_curp"),
    ("Adjunto la CURP del candidato, BOXW310820HNERXN09.", "mx_curp"),
    ("NIE X2482300W del trabajador extranjero", "es_nie"),
    ("RFC del empleado: GODE561231GR8", "mx_rfc"),
    ("CPF: 390.533.447-05", "br_cpf"),
    ("Segue o CPF 39053344705 da Maria.", "br_cpf"),
    ("DNI/NIF: 54362315K", "es_dni"),
    ("Paspoort: NW1234567", "passport"),
    ("Numer paszportu: EA1234567", "passport"),
    ("Passaporte n.º CB123456", "passport"),
    ("Numero di passaporto YA1234567", "passport"),
    ("Rijksregisternummer: 85.07.30-033.28", "be_nn"),
    ("Numéro de registre national 90021418736, à joindre au dossier.", "be_nn"),
    ("Mitarbeiterin: Anna Huber, AHV 756.1234.5678.97", "ch_ahv"),
    ("N° AVS 7569876543217 pour la fiche de salaire.", "ch_ahv"),
    ("Sozialversicherungsnummer (e-card): 1237 010180", "at_svnr"),
]


@pytest.mark.parametrize(("text", "kind"), NATIONAL_IDS)
def test_national_identifier_with_a_valid_checksum_is_personal_data(text: str, kind: str) -> None:
    assert kind in kinds(text, PD)


NATIONAL_LOOK_ALIKES = [
    "PESEL: 44051401358",  # wrong check digit
    "Numer zamówienia 44051401359 został wysłany.",  # valid-looking, but no PESEL label
    "NIP: 856-734-62-16",  # wrong check digit
    "ACME Sp. z o.o., ul. Prosta 1, Warszawa, NIP 856-734-62-15, KRS 0000123456",  # a company
    "Contribuinte (NIF): 221 325 621",  # wrong check digit
    "Fatura emitida por Exemplo Lda., NIF 501 964 843",  # a company's NIF
    "Cartão de Cidadão n.º 00000000 0 ZZ3",  # wrong check digit
    "BSN: 111222334",  # fails the eleven test
    "Bestelnummer 111222333 is verzonden.",  # no BSN label
    "Codice fiscale RCCMNL80A01H501X",  # wrong check letter
    "CURP: BOXW310820HNERXN08",  # wrong check digit
    "NIE X2482300A",  # wrong check letter
    "Riferimento ordine 44051401359, consegna lunedì.",
    "Commande 8567346215 expédiée, facture jointe.",
    "Pedido 221325620 enviado hoje.",
    "Pedido 390.533.447-06 enviado.",  # a CPF's shape with wrong check digits
    "Pedido 39053344705 enviado.",  # a valid CPF's digits without the label
    "RFC: GODE561231GR9",  # wrong check digit
    "Rekeningnummer NL91 ABNA 0417 1643 01",  # IBANs with a wrong check digit
    "Numer konta: PL61 1090 1014 0000 0712 1981 2875",
    "IBAN IT60 X054 2811 1010 0000 0123 457",
    "NIB/IBAN PT50 0002 0123 1234 5678 9015 5",
    "Karta **** **** **** 4242, ważna do 12/27",  # a masked card
    "ID sessione 3f2c9a1e-8b7d-4c6e-9f0a-1b2c3d4e5f60, commit 5027fd36ccc2",
    "Test card 4000 0000 0000 0002 is declined in the sandbox.",  # a published test card
    "Format example: FR76 3000 6000 0112 3456 7890 189",  # the IBAN registry's example
    "Rijksregisternummer: 85.07.30-033.29",  # wrong check digits
    "Factuur 90021418736 is betaald.",  # a valid national number's digits without the label
    "AHV 756.1234.5678.98",  # wrong check digit
    "Artikel 7561234567897, Schokolade 100 g",  # a Swiss product's barcode, no AHV label
    "Bestellung 1237 010180 ist unterwegs.",  # a valid SVNR's digits without the label
    "SVNR: 1238 010180",  # wrong check digit
]


@pytest.mark.parametrize("text", NATIONAL_LOOK_ALIKES)
def test_wrong_checksum_missing_label_or_company_number_is_not_personal_data(text: str) -> None:
    assert not kinds(text, PD)


def test_national_identifier_snippets_are_redacted() -> None:
    text = "PESEL: 44051401359, CURP: BOXW310820HNERXN09, NIF 221 325 620, BSN 111222333"
    findings = scan_text(text)
    assert {f.kind for f in findings} >= {"pl_pesel", "mx_curp", "pt_nif", "nl_bsn"}
    for value in ("44051401359", "BOXW310820HNERXN09", "221325620", "111222333"):
        assert all(value not in f.snippet.replace(" ", "").replace(".", "") for f in findings)
    assert any(f.snippet == "PESEL 44******359" for f in findings)


def test_national_identifiers_are_found_alike_with_and_without_hyperscan() -> None:
    texts = [text for text, _kind in NATIONAL_IDS] + NATIONAL_LOOK_ALIKES
    segments = [TextSegment(Location("body"), text) for text in texts]
    fast, plain = Scanner(use_hyperscan=True), Scanner(use_hyperscan=False)
    assert set(fast.detect(segments)) == set(plain.detect(segments))


def test_a_companys_iban_in_its_registered_footer_is_not_personal_data() -> None:
    footer = (
        "Please find the invoice attached.\n\nKind regards,\nAccounts\n\n"
        "Hollandse Bouw B.V. · KvK 34217865 · Btw-nr. NL001234567B01\n"
        "IBAN NL91 ABNA 0417 1643 00 · Keizersgracht 1, Amsterdam"
    )
    assert "iban" not in kinds(footer, Category.PERSONAL_DATA)


def test_a_persons_iban_in_the_body_still_counts_above_a_registered_footer() -> None:
    text = (
        "Please pay Anna's expenses to her account DE44 5001 0517 5407 3249 31.\n\n"
        "Kind regards,\nPayroll\n\nAcme GmbH · Amtsgericht Köln HRB 12345 · USt-IdNr. DE123456789"
    )
    assert "iban" in kinds(text, Category.PERSONAL_DATA)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I'll file your self-assessment under your UTR 33450 00019.", "gb_utr"),
        ("Oddaj mu pieniądze, jego konto to 61109010140000071219812874.", "pl_nrb"),
        ("Numer rachunku: 61 1090 1014 0000 0712 1981 2874", "pl_nrb"),
    ],
)
def test_a_uk_taxpayer_reference_and_a_polish_account_number_are_found(
    text: str, kind: str
) -> None:
    assert kind in kinds(text, Category.PERSONAL_DATA)


def test_the_same_digits_without_their_label_are_not_found() -> None:
    assert not kinds("Order 33450 00019 ships today.", Category.PERSONAL_DATA)
    assert not kinds("Batch 61109010140000071219812874 passed QA.", Category.PERSONAL_DATA)


@pytest.mark.parametrize(
    "text",
    [
        "Our bank details:\nHarrow Keane Engineering Ltd\nIBAN GB79 BARC 2045 1173 9205 17",
        "Pour mémoire, nos coordonnées bancaires :\nLibrairie du Port SARL - "
        "IBAN FR30 3000 3012 3400 0987 6543 219",
        "Condições de pagamento: transferência para LabQuímica, S.A.\n"
        "IBAN PT24 0035 0021 4461 9382 0177 3",
        "How to pay: by BACS to Northvale Energy Supply Ltd, sort code 40-05-15, "
        "account number 72049183.",
        # An invoice sheet's payment row, as the spreadsheet's text gives it.
        "Total due\t\t103704\nPay to\tNorthvale Energy plc\tIBAN\tGB58NWBK55667712345671",
    ],
)
def test_a_business_giving_its_own_account_to_be_paid_is_not_personal_data(text: str) -> None:
    assert not kinds(text, Category.PERSONAL_DATA)


@pytest.mark.parametrize(
    "text",
    [
        "Please pay Anna Berg's refund to her own account GB64 HBUK 4012 7761 2055 93.",
        # A legal form far above the account, in another paragraph, says nothing of it.
        "Acme Ltd payroll run.\n\nNew starter Tom Price, IBAN DE59 3704 0044 0817 7253 91.",
        # A staff table: the employer's legal form is in the row, the account is the person's.
        "Name\tEmployer\tIBAN\nTom Price\tAcme Ltd\tDE68 2105 0170 0012 3456 78",
    ],
)
def test_a_persons_account_near_a_business_is_still_personal_data(text: str) -> None:
    assert "iban" in kinds(text, Category.PERSONAL_DATA)


@pytest.mark.parametrize(
    "text",
    [
        # The payee's line a few lines above the number, as a payment block gives it.
        "Bank: Lloyds Bank plc\nAccount name: Telvora Mobile Ltd\nSort code: 30-99-50\n"
        "Account number: 11223344\nIBAN: GB18 LOYD 3099 5022 3344 55",
        # Below it, in Polish, with the account written without its "PL".
        "Nr rachunku: 08 1140 2004 0000 3202 1122 3344 (mBank)\nOdbiorca: Kartonex Sp. z o.o.",
    ],
)
def test_a_payment_block_naming_a_business_as_payee_is_not_personal_data(text: str) -> None:
    assert not kinds(text, Category.PERSONAL_DATA)


def test_a_customer_account_reference_with_a_letter_is_no_bank_account() -> None:
    text = "Order number: SO-558201\nAccount number: B-0093312\nPay by bank transfer, please."
    assert "bank_account" not in kinds(text, Category.PERSONAL_DATA)
    assert "bank_account" in kinds("Bank transfer to account number 41928375, sort code.", PD)


@pytest.mark.parametrize(
    "text",
    [
        # The payee named after "Payment to:", its bank and town on the same line.
        "Payment to:\nHelixa Therapeutics Ltd, Barclays Bank, Cambridge\n"
        "Sort code 20-04-15, Account 73318802\nIBAN GB50 BARC 2004 1573 3188 02, BIC BARCGB22",
        # "IBAN ... | BIC ..." on one line is a payment block's line, not a table's row.
        "Please pay by bank transfer to:\nOakhaven Home Ltd\nLloyds Bank, sort code 30-96-36\n"
        "IBAN GB37 LOYD 3096 3618 4205 71 | BIC LOYDGB21",
        "Bitte überweisen Sie den Betrag an:\nKlarwerk Analytik GmbH, Sparkasse KölnBonn\n"
        "Verwendungszweck: RE-2025-114\nIBAN DE59 3704 0044 0817 7253 91",
        # A public body's account for a fee, as a council's letter gives it.
        "Urząd Miasta Lesnowo\nul. Rynek 1, 32-400 Lesnowo\n"
        "Nr rachunku: 40 1140 2004 4000 3502 7741 8830\nTytuł: opłata skarbowa",
        "Gemeente Dalfsen\nIBAN NL30 RABO 0301 2345 67 o.v.v. leges omgevingsvergunning",
        # an association's or a club's account, as its members are asked to pay into it
        "Graag vóór 31 januari overmaken naar:\nNL30 RABO 0301 2345 67 t.n.v. "
        "Volkstuinvereniging De Groene Vlinder",
        "Please pay the club account rather than bringing cash:\nWendover Rowing Club\n"
        "IBAN GB64 HBUK 4012 7761 2055 93",
        # "our account", a spreadsheet's "Bonifico a" row, "intestato a" below the number
        "Puedes pagarlo por transferencia a nuestra cuenta de CaixaBank:\n"
        "ES48 2100 4127 3502 0011 8764",
        "Validità offerta\t30 giorni\nBonifico a\tSolare Trentino S.r.l. – IBAN "
        "IT62 U030 6911 8841 0000 0061 947\nGaranzia\t25 anni",
        "Pagamento tramite bonifico bancario:\nIBAN IT93 O050 3414 0000 0000 0028 417\n"
        "intestato a Cantina Poggio Rosso Soc. Agr. s.s.",
        # the holder named after the number, in brackets on its line
        "Ou por transferência para o IBAN PT50 0035 0412 0001 8834 2306 1 (Tejo Consultores, Lda.)",
    ],
)
def test_a_payment_block_naming_a_business_or_public_body_is_not_personal_data(
    text: str,
) -> None:
    assert not kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        # A person named after "pay to", with the employer beside: the account is theirs.
        "Please pay the refund to:\nAnna Berg\nIBAN GB64 HBUK 4012 7761 2055 93",
        "Refund to IBAN GB64 HBUK 4012 7761 2055 93 (Anna Berg, Acme Ltd's customer).",
        # a member's own account, given to the club for a refund
        "Refund for the regatta: please pay Anna Berg, a member of the Rowing Club, to\n"
        "IBAN GB64 HBUK 4012 7761 2055 93",
        # Two rows with the pipe are a table: the employer in a person's row says nothing.
        "Name | Employer | IBAN\nTom Price | Acme Ltd | DE68 2105 0170 0012 3456 78",
    ],
)
def test_a_persons_account_in_a_payment_block_is_still_personal_data(text: str) -> None:
    assert "iban" in kinds(text, PD)


def test_a_payment_block_that_starts_with_the_business_name_is_not_personal_data() -> None:
    text = (
        "To pay by bank transfer, please use the following account:\n\nDalton Motors Ltd\n"
        "Lloyds Bank\nSort code 30-96-21  Account 55772648\nIBAN GB67LOYD30962155772648"
    )
    assert not kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        # a French liberal profession's legal form on the holder line
        "Règlement par virement :\nTitulaire : SELARL Cabinet dentaire du Parc\n"
        "IBAN : FR76 3000 4018 2700 0104 7382 141",
        # an Italian amateur sports association (ASD) named over its number
        "Quota 2025 con bonifico a:\nASD Polisportiva Lungomare\n"
        "IBAN IT07 X054 2811 1010 0000 0654 321",
        # "the club's account", then a blank line, then the block
        "Paiement par virement sur le compte du club :\n\nUS Marly Basket\n"
        "IBAN FR76 1027 8025 4000 0204 1760 167\nBIC CMCIFR2A",
        "Please pay the society's account:\nIBAN GB64 HBUK 4012 7761 2055 93",
    ],
)
def test_a_clubs_or_a_practices_own_account_is_not_personal_data(text: str) -> None:
    assert not kinds(text, PD)


def test_a_members_account_after_the_clubs_is_still_personal_data() -> None:
    text = (
        "Paiement par virement sur le compte du club :\n\nUS Marly Basket\n"
        "IBAN FR76 1027 8025 4000 0204 1760 167\n\n"
        "Remboursement à faire à Julie Morel.\n\nIBAN FR76 3000 4018 2700 0104 7382 141"
    )
    assert "iban" in kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        # a form's guide showing the format, before or after the value
        "Codice fiscale: 16 caratteri. Esempio di formato: RSSMRA80A01H501U.",
        "Ziet u een voorbeeldnummer zoals 123456782? Dan bent u in de testomgeving.",
        "DNI: 8 cifras y letra (ejemplo: 12345678Z)",
        # a fictitious line, its placeholder name included
        'Esempio (dato fittizio): RSSMRA80A01H501U per "Mario Rossi, nato il 01/01/1980".',
        "usamos el ejemplo de siempre, 12345678Z, y el nombre ficticio «Juan Español Español»",
        "PESEL: wpisz 11 cyfr, np. 90090515836",
        "Burgerservicenummer: 11 cijfers (voorbeeld: 999998456)",
        "Data di nascita: nel formato gg/mm/aaaa (es. 01/01/2011)",
    ],
)
def test_a_specimen_or_an_example_in_a_forms_guide_is_not_personal_data(text: str) -> None:
    assert not kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "Codice fiscale di Giulia Bianchi: BNCGLI85M41F205B",
        # a named person in the value's clause is no example, whatever the line says
        "For example, Giulia Bianchi's codice fiscale is BNCGLI85M41F205B.",
        "PESEL pracownika: 90090515836",
    ],
)
def test_a_real_identifier_is_still_found_beside_the_example_rule(text: str) -> None:
    assert kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        "ou par virement sur le compte de la coopérative :\n  IBAN : FR76 3000 4018 2700 0104 "
        "7382 141",
        "El pago se realizará mediante transferencia a la cuenta del AMPA:\n"
        "Titular: AMPA CEIP Mare Nostrum\nIBAN: ES19 2100 4731 5102 0015 8336",
        "You can pay by bank transfer to:\nAccount name: Oakfield Primary School Fund\n"
        "Sort code: 30-96-14\nAccount number: 11832750",
    ],
)
def test_a_schools_fund_or_its_parents_association_is_no_person(text: str) -> None:
    assert not kinds(text, PD)


@pytest.mark.parametrize(
    "text",
    [
        # a payment block's two lines with pipes are no table
        "Bank details:\nHollis & Verne Architects Ltd\nBarclays Bank, Cambridge\n"
        "Sort code 20-45-17 | Account 73924618\nIBAN GB02 BARC 2045 1773 9246 18 | BIC BARCGB22",
        # a federation of clubs, after Dutch "over te maken naar:"
        "Wij verzoeken u het totaalbedrag over te maken naar:\nWielerbond Oost\n"
        "IBAN NL64 ABNA 0417 1643 01",
        # an invoice's sheet: its number's label, a VAT line, one account
        "Invoice no.\tDVV-2025-0412\nVAT 20%\t239.40\nTotal due\t1436.40\n"
        "Payment\tSort code 30-96-34, account 51839026, IBAN GB02 BARC 2045 1773 9246 18",
    ],
)
def test_a_firms_or_a_federations_payment_details_are_not_personal_data(text: str) -> None:
    assert not kinds(text, PD)


def test_a_sheet_of_several_accounts_is_no_invoice_whatever_its_labels() -> None:
    rows = "\n".join(
        f"{name}\t{iban}"
        for name, iban in (
            ("Anna Berg", "GB02 BARC 2045 1773 9246 18"),
            ("Tom Price", "NL64 ABNA 0417 1643 01"),
            ("Eva Lis", "FR76 3000 4018 2700 0104 7382 141"),
        )
    )
    assert "iban" in kinds(f"Invoice no. 7, VAT 20%\nName\tIBAN\n{rows}", PD)


def test_a_table_with_a_header_still_keeps_an_employers_name_out_of_a_persons_row() -> None:
    text = "Name | Employer | IBAN\nTom Price | Acme Ltd | GB02 BARC 2045 1773 9246 18"
    assert "iban" in kinds(text, PD)


def test_a_firms_siret_is_no_payment_card_though_it_passes_the_card_checksum() -> None:
    assert not kinds("SAS Plateforme Hôtels – SIRET 482 059 173 00021 – TVA FR12 482059173", PD)


def test_a_card_number_beside_a_card_word_is_still_a_card() -> None:
    assert "payment_card" in kinds("Carte de Julie Morel : 4820 5917 3000 21", PD)


@pytest.mark.parametrize(
    "text",
    [
        # an Italian invoice's payee in lower case, in a sheet of labels and values
        "Voce\tValore\nBeneficiario\tLaboratorio Odontotecnico Ferraresi s.r.l.\n"
        "IBAN\tIT91E0200805364000104872219\nScadenza\t30/10/2025",
        "relativo alla fattura elettronica n. 2025/0418 (esente IVA)\n"
        "IBAN: IT91E0200805364000104872219",
        "Society account for subscriptions: Thornbury Rose Society, sort code 20-45-77, "
        "account 01827733.",
        "Prosimy o wpłatę do 8 maja na rachunek teatru:\n"
        "Teatr Bajka, PKO BP, 92 1020 5561 0000 3102 4455 8721",
        "jako pełnomocnika prosimy wskazać nasze biuro: NIP 631-205-47-76;",
    ],
)
def test_more_organisations_own_payment_details_are_not_personal_data(text: str) -> None:
    assert not kinds(text, PD)


def test_a_persons_account_in_a_sheet_of_labels_and_values_is_still_personal_data() -> None:
    text = "Voce\tValore\nBeneficiario\tMarco Ferraresi\nIBAN\tIT91E0200805364000104872219"
    assert "iban" in kinds(text, PD)


_THREE_ACCOUNTS = (
    "GB02 BARC 2045 1773 9246 18",
    "NL64 ABNA 0417 1643 01",
    "FR76 3000 4018 2700 0104 7382 141",
)


def test_a_clubs_account_phrase_does_not_cover_a_list_of_members_accounts() -> None:
    rows = "\n".join(
        f"{name}: IBAN {iban}"
        for name, iban in zip(("Anna Berg", "Tom Price", "Eva Lis"), _THREE_ACCOUNTS, strict=True)
    )
    text = f"Refunds from the club's account, to these members:\n{rows}"
    assert "iban" in kinds(text, PD)


def test_a_remittance_naming_each_firm_on_its_line_is_still_the_firms_accounts() -> None:
    rows = "\n".join(
        f"{firm}, IBAN {iban}"
        for firm, iban in zip(
            ("Acme Ltd", "Borsig GmbH", "Vasseur SARL"), _THREE_ACCOUNTS, strict=True
        )
    )
    assert not kinds(f"Payment run 14 March:\n{rows}", PD)


def test_e_g_before_each_value_of_a_list_does_not_make_them_examples() -> None:
    text = (
        "Codici fiscali del reparto:\n- es. BNCGLI85M41F205B\n- es. VRDLGU70A01H501O\n"
        "- es. FRRMRC90B12F205G"
    )
    assert "it_codice_fiscale" in kinds(text, PD)


def test_a_theatres_account_phrase_does_not_cover_a_list_of_polish_accounts() -> None:
    # NRBs (Polish accounts written without PL) count towards the list as IBANs do
    text = (
        "Zwroty z rachunku teatru dla aktorów:\n"
        "Anna Nowak, 94 1020 5561 0000 3102 4455 5387\n"
        "Piotr Lis, 25 1140 2004 0000 3002 0135 8721\n"
        "Ewa Kot, PL27 1140 2004 0000 3002 0135 5387"
    )
    assert {"pl_nrb", "iban"} <= kinds(text, PD)


def test_a_theatres_own_polish_account_stays_its_own() -> None:
    text = "Prosimy o wpłatę na rachunek teatru:\nTeatr Bajka, 94 1020 5561 0000 3102 4455 5387"
    assert not kinds(text, PD)


def test_a_condominiums_own_account_is_not_personal_data() -> None:
    text = (
        "Le quote vanno versate con bonifico sul conto corrente del condominio:\n"
        "  Intestatario: Condominio Via dei Mille 42 – C.F. 91358420379\n"
        "  IBAN: IT67 E030 6911 8840 0000 4521 837"
    )
    assert not kinds(text, PD)


def test_an_invoice_csv_with_its_label_in_a_cell_gives_the_issuers_account() -> None:
    text = (
        "Factura;FV-2025-0312\nEmisor;Gráficas Sotavento S.L. (B46281531)\n"
        "Concepto;Cantidad;Importe\nCartel A3;150;127,50\nIVA 21 %;;74,75\n"
        "IBAN;ES7321004721860200184376\n"
    )
    assert not kinds(text, PD)
