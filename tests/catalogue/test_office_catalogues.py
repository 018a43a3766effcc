"""Catalogues in the seven supported languages, written the way an office would.

Each is built here (openpyxl / csv), nothing copied: local column names, notes above the
header, merged two-row headers, day-first and worded dates, decimal commas, thousands
separators, country and language names, local vocabulary for participation, assessment,
supervision and quality assurance, outcome cells with lead-ins, bullets and codes, and a
provider column as the only awarding body. For every row the test states the values mcqa
must read, and it asserts that every row is read, every value normalised, and no rule
or input check raises a false error.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from mcqa.batch import BatchOptions, check_batch
from mcqa.model import CredentialRecord, Status

from .conftest import records, run_loader

AS_OF = date(2026, 1, 1)

CONTENT_RULES = ("EU-AI-M03a", "EU-AI-M04", "EU-AI-M05a", "EU-AI-M06", "EU-AI-M06a",
                 "EU-AI-M07", "EU-AI-M07b", "EU-AI-M07d", "EU-AI-M08", "EU-AI-M08a", "EU-AI-M09",
                 "EU-AI-M09a", "EU-AI-M10", "EU-AI-M10a", "EU-AI-M11", "EU-AI-O02",
                 "EU-AI-O02a", "EU-AII-P01a", "EU-AII-P01b")
"""Rules a complete row must not fail: none of them may be tripped by how it is written."""


@dataclass
class Row:
    """What mcqa must read from one row."""

    title: str
    ects: float | None
    hours: float | None
    eqf: int | None
    country: str
    issue_date: str | None
    outcomes: list[str]
    participation: str
    nqf: str | None = None
    framework: str | None = None
    language: str | None = None
    provider: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Office:
    """One language's catalogue: how to write it and what to read back."""

    lang: str
    name: str
    rows: list[Row]
    write: Any


def _xlsx(path: Path, sheet: str, rows: list[list[Any]], merges: tuple[str, ...] = ()) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for span in merges:
        ws.merge_cells(span)
    wb.save(path)
    return path


def _csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8",
         delimiter: str = ";") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


# --- German: XLSX, notes above, merged two-row header, provider column only ---------------

def _de(path: Path) -> Path:
    return _xlsx(path / "weiterbildung.xlsx", "Angebote 2025", [
        ["Weiterbildungskatalog der Hochschule Nordstadt"],
        ["Stand: 01.02.2025 — Bitte pro Angebot eine Zeile ausfüllen."],
        [],
        ["Titel", "Anbieter", "Arbeitsaufwand", None, "Niveau", None, "Lernform",
         "Prüfungsform", "Lernergebnisse", "Qualitätssicherung", "Land", "Sprache",
         "Ausstellungsdatum", "Aufsicht und Identitätsprüfung"],
        [None, None, "ECTS", "Stunden", "EQR", "DQR", None, None, None, None, None, None, None,
         None],
        ["Datenanalyse mit Python", "Hochschule Nordstadt", "7,5", "187,5", "EQR-Niveau 6",
         "DQR 6", "Präsenz", "Klausur (90 Minuten)",
         "Die Teilnehmenden können:\n• Datensätze bereinigen und analysieren\n"
         "• Ergebnisse verständlich präsentieren",
         "Interne Evaluation nach jedem Durchgang; akkreditiert durch ACQUIN",
         "Deutschland", "Deutsch", "01.03.2025", "Präsenzprüfung mit Ausweiskontrolle"],
        ["Lagerlogistik kompakt", "Hochschule Nordstadt", 5, 125, 5, "5", "Blended Learning",
         "Projektarbeit und Präsentation",
         "- Lagerlayouts planen und umsetzen\n- Bestände mit Kennzahlen steuern",
         "Qualitätsmanagement nach ISO 21001; interne Lehrevaluation", "Österreich", "Deutsch",
         "05.04.2025", "online beaufsichtigt mit Identitätsprüfung"],
    ], merges=("C4:D4", "E4:F4", "A4:A5", "B4:B5", "G4:G5", "H4:H5", "I4:I5", "J4:J5", "K4:K5",
               "L4:L5", "M4:M5", "N4:N5"))


DE = Office("de", "weiterbildung.xlsx", [
    Row("Datenanalyse mit Python", 7.5, 187.5, 6, "DE", "2025-03-01",
        ["Datensätze bereinigen und analysieren", "Ergebnisse verständlich präsentieren"],
        "Präsenz", nqf="6", framework="DE-DQR", language="de", provider="Hochschule Nordstadt"),
    Row("Lagerlogistik kompakt", 5, 125, 5, "AT", "2025-04-05",
        ["Lagerlayouts planen und umsetzen", "Bestände mit Kennzahlen steuern"],
        "Blended Learning", nqf="5", framework="DE-DQR", language="de",
        provider="Hochschule Nordstadt"),
], _de)


# --- French: Windows-1252 semicolon CSV, "6 (licence)", day-first slashes --------------------

def _fr(path: Path) -> Path:
    return _csv(path / "catalogue.csv", [
        ["Intitulé de la formation", "Organisme de formation", "Crédits ECTS",
         "Volume horaire", "Niveau", "Date de délivrance", "Modalité",
         "Modalités d'évaluation", "Assurance qualité", "Pays", "Acquis d'apprentissage",
         "Surveillance et vérification d'identité", "Langue"],
        ["Économie circulaire", "Université de Lorraine-Est", "4", "100", "6 (licence)",
         "15/03/2025", "présentiel", "Examen écrit et étude de cas",
         "Évaluation interne ; certification Qualiopi", "France",
         "• Analyser le cycle de vie d'un produit • Proposer un plan de réduction des déchets",
         "Surveillé sur site avec vérification d'identité", "français"],
        ["Cybersécurité des PME", "Université de Lorraine-Est", "2,5", "62,5", "Niveau 5",
         "02/04/2025", "en ligne", "Quiz en ligne et projet tutoré",
         "Accréditation Hcéres ; commission qualité interne", "Belgique",
         "À l'issue de la formation, les participants seront capables de :\n"
         "- identifier les risques\n- configurer un pare-feu", "Sans surveillance", "français"],
    ], encoding="cp1252")


FR = Office("fr", "catalogue.csv", [
    Row("Économie circulaire", 4, 100, None, "FR", "2025-03-15",
        ["Analyser le cycle de vie d'un produit",
         "Proposer un plan de réduction des déchets"], "présentiel", nqf="6", language="fr",
        provider="Université de Lorraine-Est"),
    Row("Cybersécurité des PME", 2.5, 62.5, None, "BE", "2025-04-02",
        ["identifier les risques", "configurer un pare-feu"], "en ligne", nqf="5",
        language="fr", provider="Université de Lorraine-Est"),
], _fr)


# --- Spanish: XLSX, worded dates, numbered outcomes ----------------------------------------

def _es(path: Path) -> Path:
    return _xlsx(path / "oferta.xlsx", "Microcredenciales", [
        ["Título del curso", "Entidad", "Créditos ECTS", "Horas", "Nivel EQF", "Nivel MECU",
         "Fecha de emisión", "Modalidad", "Sistema de evaluación", "Garantía de calidad",
         "País", "Resultados de aprendizaje", "Supervisión y verificación de identidad"],
        ["Instalaciones fotovoltaicas", "Universidad del Tajo", 6, 150, 5, "MECU 3",
         "1 de marzo de 2025", "semipresencial", "Examen escrito y prueba práctica",
         "Sistema de garantía interna de calidad; verificado por ANECA", "España",
         "1. Diseñar una instalación fotovoltaica 2. Verificar la seguridad eléctrica",
         "supervisado presencialmente con verificación de identidad"],
        ["Gestión de almacenes", "Universidad del Tajo", "2,5", 75, "EQF 4", "MECU 2",
         "3 de abril de 2025", "presencial", "Evaluación continua y proyecto",
         "Comisión de calidad interna; acreditación de AQU Catalunya", "España",
         "a) Planifica la distribución de un almacén\nb) Controla el inventario",
         "sin supervisión"],
    ])


ES = Office("es", "oferta.xlsx", [
    Row("Instalaciones fotovoltaicas", 6, 150, 5, "ES", "2025-03-01",
        ["Diseñar una instalación fotovoltaica", "Verificar la seguridad eléctrica"],
        "semipresencial", nqf="3", framework="ES-MECU", provider="Universidad del Tajo"),
    Row("Gestión de almacenes", 2.5, 75, 4, "ES", "2025-04-03",
        ["Planifica la distribución de un almacén", "Controla el inventario"], "presencial",
        nqf="2", framework="ES-MECU", provider="Universidad del Tajo"),
], _es)


# --- Italian: UTF-8 semicolon CSV, thousands separator, QNQ level ---------------------------

def _it(path: Path) -> Path:
    return _csv(path / "corsi.csv", [
        ["Catalogo delle microcredenziali — a.a. 2024/25"],
        ["Titolo del corso", "Ente erogatore", "Crediti ECTS", "Ore", "Livello EQF",
         "Livello QNQ", "Data di rilascio", "Modalità di erogazione", "Modalità di valutazione",
         "Assicurazione della qualità", "Paese", "Risultati di apprendimento",
         "Sorveglianza e verifica dell'identità", "Lingua"],
        ["Marketing digitale", "Università del Po", "3", "75", "6", "QNQ 6", "10/03/2025",
         "online", "Esame scritto", "Presidio della qualità interno; accreditamento ANVUR",
         "Italia", "Progettare una campagna digitale; Valutare i risultati con metriche",
         "sorvegliato online con verifica dell'identità", "italiano"],
        ["Sicurezza nei cantieri", "Università del Po", "7,5", "187,5", "4", "livello 4",
         "21/03/2025", "in presenza", "Prova pratica e colloquio",
         "Riesame interno annuale; certificazione ISO 21001", "Italia",
         "- Applicare le norme di sicurezza\n- Redigere un piano operativo di sicurezza",
         "sorvegliato in presenza con verifica dell'identità", "italiano"],
    ])


IT = Office("it", "corsi.csv", [
    Row("Marketing digitale", 3, 75, 6, "IT", "2025-03-10",
        ["Progettare una campagna digitale", "Valutare i risultati con metriche"], "online",
        nqf="6", framework="IT-QNQ", language="it", provider="Università del Po"),
    Row("Sicurezza nei cantieri", 7.5, 187.5, 4, "IT", "2025-03-21",
        ["Applicare le norme di sicurezza", "Redigere un piano operativo di sicurezza"],
        "in presenza", nqf="4", framework="IT-QNQ", language="it",
        provider="Università del Po"),
], _it)


# --- Dutch: XLSX, merged "Studielast" over "EC | Uren", d-m-yyyy dates, NLQF -----------------

def _nl(path: Path) -> Path:
    return _xlsx(path / "aanbod.xlsx", "Aanbod", [
        ["Naam opleiding", "Aanbieder", "Studielast", None, "Niveau", "Onderwijsvorm",
         "Toetsvorm", "Kwaliteitszorg", "Land", "Leeruitkomsten", "Uitgiftedatum",
         "Toezicht en identiteitscontrole"],
        [None, None, "EC", "Uren", None, None, None, None, None, None, None, None],
        ["Zonnepanelen installeren", "Hogeschool Maasland", 5, "140", "NLQF 4", "klassikaal",
         "Praktijkopdracht", "Interne kwaliteitszorg; geaccrediteerd door de NVAO", "Nederland",
         "Past de installatienormen toe; Test een installatie op veiligheid", "1-3-2025",
         "op locatie onder toezicht met identiteitscontrole"],
        ["Data-analyse voor beleid", "Hogeschool Maasland", "2,5", "70", "NLQF 6", "blended",
         "Schriftelijk tentamen", "Interne evaluatie; visitatie door de NVAO", "België",
         "De deelnemer kan:\n- data verzamelen en analyseren\n- conclusies helder presenteren",
         "15-4-2025", "zonder toezicht"],
    ], merges=("C1:D1",))


NL = Office("nl", "aanbod.xlsx", [
    Row("Zonnepanelen installeren", 5, 140, None, "NL", "2025-03-01",
        ["Past de installatienormen toe", "Test een installatie op veiligheid"], "klassikaal",
        nqf="4", framework="NL-NLQF", provider="Hogeschool Maasland"),
    Row("Data-analyse voor beleid", 2.5, 70, None, "BE", "2025-04-15",
        ["data verzamelen en analyseren", "conclusies helder presenteren"], "blended",
        nqf="6", framework="NL-NLQF", provider="Hogeschool Maasland"),
], _nl)


# --- Polish: CSV, coded outcomes (W1/U1/K1), PRK level, dotted dates -------------------------

def _pl(path: Path) -> Path:
    return _csv(path / "kursy.csv", [
        ["Nazwa kursu", "Organizator", "Punkty ECTS", "Liczba godzin", "Poziom",
         "Data wydania", "Tryb realizacji", "Forma zaliczenia", "Zapewnianie jakości", "Kraj",
         "Efekty uczenia się", "Nadzór i weryfikacja tożsamości", "Język"],
        ["Bezpieczeństwo danych", "Politechnika Nadwiślańska", "3", "90", "PRK 6", "01.03.2025",
         "stacjonarnie", "Egzamin pisemny",
         "Wewnętrzny system zapewniania jakości; akredytacja PKA", "Polska",
         "W1: zna zasady ochrony danych osobowych\nU1: stosuje procedury bezpieczeństwa\n"
         "K1: jest gotów do współpracy w zespole",
         "nadzorowany stacjonarnie z weryfikacją tożsamości", "polski"],
        ["Logistyka magazynowa", "Politechnika Nadwiślańska", "4,5", "1 20", "PRK 5",
         "17.04.2025", "hybrydowo", "Projekt i prezentacja",
         "Ewaluacja wewnętrzna; ocena zewnętrzna Polskiej Komisji Akredytacyjnej", "Polska",
         "K_U01 \u2013 projektuje układ magazynu; K_U02 \u2013 planuje dostawy", "bez nadzoru",
         "polski"],
    ])


PL = Office("pl", "kursy.csv", [
    Row("Bezpieczeństwo danych", 3, 90, None, "PL", "2025-03-01",
        ["zna zasady ochrony danych osobowych", "stosuje procedury bezpieczeństwa",
         "jest gotów do współpracy w zespole"], "stacjonarnie", nqf="6", framework="PL-PQF",
        language="pl", provider="Politechnika Nadwiślańska"),
    Row("Logistyka magazynowa", 4.5, None, None, "PL", "2025-04-17",
        ["projektuje układ magazynu", "planuje dostawy"], "hybrydowo", nqf="5",
        framework="PL-PQF", language="pl", provider="Politechnika Nadwiślańska",
        extra={"hours_issue": "D3"}),
], _pl)


# --- English: XLSX, day-first dates (a day above 12 decides), thousands separators -----------

def _en(path: Path) -> Path:
    return _xlsx(path / "catalogue.xlsx", "Catalogue", [
        ["Micro-credential catalogue 2025"],
        ["Course title", "Provider", "ECTS credits", "Notional hours", "EQF level",
         "Issue date", "Mode of delivery", "Assessment", "Quality assurance", "Country",
         "Learning outcomes", "Supervision and identity verification"],
        ["Warehouse Layout Essentials", "Liffey Institute", "5", "1,250 h", "EQF 5",
         "03/02/2025", "on-site", "Practical assessment observed by an assessor",
         "Internal programme approval; external review by the national QA agency", "Ireland",
         "Implement a warehouse layout\nPrioritise stock flows",
         "supervised onsite with identity verification"],
        ["Cloud Security Basics", "Liffey Institute", "2.5", "62.5", "Level 4", "25/03/2025",
         "online (self-paced)", "Online quiz and final project",
         "Accredited by QQI; annual internal programme review", "Irlande",
         "On completion, learners can:\n- Configure access policies\n- Audit logs",
         "supervised online with identity verification"],
    ])


EN = Office("en", "catalogue.xlsx", [
    Row("Warehouse Layout Essentials", 5, 1250, 5, "IE", "2025-02-03",
        ["Implement a warehouse layout", "Prioritise stock flows"], "on-site",
        provider="Liffey Institute", extra={"m07d": "fail"}),
    Row("Cloud Security Basics", 2.5, 62.5, 4, "IE", "2025-03-25",
        ["Configure access policies", "Audit logs"], "online (self-paced)",
        provider="Liffey Institute"),
], _en)

OFFICES = [EN, DE, FR, ES, IT, NL, PL]


def _expected(rec: CredentialRecord, row: Row) -> None:
    assert rec.title == row.title
    assert rec.workload is not None
    assert (rec.workload.ects, rec.workload.hours) == (row.ects, row.hours)
    assert rec.level is not None
    assert (rec.level.eqf, rec.level.nqf, rec.level.framework) == (row.eqf, row.nqf,
                                                                    row.framework)
    assert rec.issuer_country == (row.country,)
    assert rec.issue_date == row.issue_date
    assert [o.text for o in rec.learning_outcomes] == row.outcomes
    assert rec.participation_form == row.participation
    assert rec.language == row.language
    assert (rec.provider_name, [b.name for b in rec.awarding_body]) == (row.provider,
                                                                        [row.provider])


@pytest.mark.parametrize("office", OFFICES, ids=[o.lang for o in OFFICES])
def test_office_catalogue_reads_every_row_and_value(tmp_path: Path, office: Office) -> None:
    path = office.write(tmp_path)
    items, stats = run_loader(path)
    recs = records(items)
    assert len(recs) == len(office.rows) == stats.data_rows == stats.records
    for rec, row in zip(recs, office.rows, strict=True):
        _expected(rec, row)
        warnings = [i for i in rec.input_issues if i.severity == "warning"]
        expected = row.extra.get("hours_issue")
        if expected:  # "1 20" hours: a typo, reported on its cell, nothing guessed
            assert [i.locator for i in warnings] == [expected]
        else:
            assert not warnings, warnings


@pytest.mark.parametrize("office", OFFICES, ids=[o.lang for o in OFFICES])
def test_office_catalogue_raises_no_false_error(tmp_path: Path, office: Office) -> None:
    path = office.write(tmp_path)
    result = check_batch([path], as_of=AS_OF, options=BatchOptions(jobs=1, progress=False))
    assert result.counts.balanced and result.counts.read_records == len(office.rows)
    for rec, row in zip(result.report.records, office.rows, strict=True):
        assert rec.outcome == "conforms", [(f.rule_id, f.message) for f in rec.findings
                                           if f.status == Status.FAIL]
        failed = {f.rule_id: f for f in rec.findings
                  if f.status == Status.FAIL and f.rule_id in CONTENT_RULES}
        if row.extra.get("m07d") == "fail":  # 1,250 h for 5 ECTS: a real inconsistency
            assert set(failed) == {"EU-AI-M07d"} and failed["EU-AI-M07d"].observed == "1250.0"
        else:
            assert not failed, {k: (f.message, f.observed) for k, f in failed.items()}
        qa = {f.rule_id: f.observed for f in rec.findings if f.rule_id.startswith("EU-AII-P01")}
        assert qa["EU-AII-P01b"] is not None and qa["EU-AII-P01b"].startswith("“")
