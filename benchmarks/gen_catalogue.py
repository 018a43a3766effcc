"""Generate a realistic synthetic micro-credential catalogue (JSONL, CSV or XLSX).

Used to measure intake throughput at ministry scale and to exercise the loaders on
catalogues as European offices keep them: headers and values in one of seven languages
(``--lang``), a flat or a two-row grouped header (``--layout``), decimal commas and
day-first dates where the language writes them, most rows complete, and the gaps real
catalogues have at realistic rates per element (level, QA, outcomes as topic labels,
attendance-only assessment, workload in hours only, supervision not stated...), plus
the hostile bits (wrong types, impossible dates, formula-like titles, empty rows, the
odd real formula). Output is deterministic for a given ``--seed``.

    python benchmarks/gen_catalogue.py --rows 100000 --providers 40 \\
        --format xlsx [--xlsx-style excel] [--lang de] [--layout grouped] --out /tmp/cat.xlsx
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FIELDS: tuple[str, ...] = (
    "id", "title", "provider", "provider_id", "awarding_body", "awarding_body_url", "country",
    "language", "isced", "eqf", "nqf", "ects", "hours", "outcomes", "assessment", "mode",
    "supervision", "qa", "issue_date", "prerequisites", "stackability", "url", "notes",
)
"""The columns of a generated catalogue, in order (headers per language below)."""

HEADERS: dict[str, dict[str, str]] = {
    "en": {"id": "ID", "title": "Title", "provider": "Provider", "provider_id": "Provider ID",
           "awarding_body": "Awarding body", "awarding_body_url": "Awarding body URL",
           "country": "Country", "language": "Language", "isced": "ISCED-F", "eqf": "EQF level",
           "nqf": "NQF level", "ects": "ECTS", "hours": "Hours", "outcomes": "Learning outcomes",
           "assessment": "Assessment", "mode": "Mode of delivery",
           "supervision": "Supervision and identity verification", "qa": "Quality assurance",
           "issue_date": "Issue date", "prerequisites": "Prerequisites",
           "stackability": "Stackability", "url": "URL", "notes": "Internal notes"},
    "de": {"id": "Kursnummer", "title": "Titel", "provider": "Anbieter",
           "provider_id": "Anbieter-ID", "awarding_body": "Ausstellende Stelle",
           "awarding_body_url": "Website der ausstellenden Stelle", "country": "Land",
           "language": "Sprache", "isced": "ISCED-F", "eqf": "EQR-Niveau", "nqf": "DQR-Niveau",
           "ects": "ECTS-Punkte", "hours": "Stunden", "outcomes": "Lernergebnisse",
           "assessment": "Prüfungsform", "mode": "Lernform",
           "supervision": "Aufsicht und Identitätsprüfung", "qa": "Qualitätssicherung",
           "issue_date": "Ausstellungsdatum", "prerequisites": "Voraussetzungen",
           "stackability": "Anrechenbarkeit", "url": "Webseite", "notes": "Bemerkungen"},
    "fr": {"id": "Code formation", "title": "Intitulé de la formation",
           "provider": "Organisme de formation", "provider_id": "Code établissement",
           "awarding_body": "Organisme certificateur",
           "awarding_body_url": "Site du certificateur", "country": "Pays",
           "language": "Langue", "isced": "Domaine ISCED", "eqf": "Niveau CEC",
           "nqf": "Niveau RNCP", "ects": "Crédits ECTS", "hours": "Volume horaire",
           "outcomes": "Acquis d'apprentissage", "assessment": "Modalités d'évaluation",
           "mode": "Modalité", "supervision": "Surveillance et vérification d'identité",
           "qa": "Assurance qualité", "issue_date": "Date de délivrance",
           "prerequisites": "Prérequis", "stackability": "Capitalisation",
           "url": "Site web", "notes": "Remarques"},
    "es": {"id": "Código", "title": "Título del curso", "provider": "Entidad",
           "provider_id": "Código del centro", "awarding_body": "Entidad emisora",
           "awarding_body_url": "Web de la entidad emisora", "country": "País",
           "language": "Idioma", "isced": "Campo ISCED", "eqf": "Nivel MEC",
           "nqf": "Nivel MECU", "ects": "Créditos ECTS", "hours": "Horas",
           "outcomes": "Resultados de aprendizaje", "assessment": "Sistema de evaluación",
           "mode": "Modalidad", "supervision": "Supervisión y verificación de identidad",
           "qa": "Garantía de calidad", "issue_date": "Fecha de emisión",
           "prerequisites": "Requisitos previos", "stackability": "Apilabilidad",
           "url": "Página web", "notes": "Observaciones"},
    "it": {"id": "Codice corso", "title": "Titolo del corso", "provider": "Ente erogatore",
           "provider_id": "Codice ente", "awarding_body": "Ente certificatore",
           "awarding_body_url": "Sito dell'ente certificatore", "country": "Paese",
           "language": "Lingua", "isced": "Campo ISCED", "eqf": "Livello EQF",
           "nqf": "Livello QNQ", "ects": "Crediti ECTS", "hours": "Ore",
           "outcomes": "Risultati di apprendimento", "assessment": "Modalità di valutazione",
           "mode": "Modalità di erogazione",
           "supervision": "Sorveglianza e verifica dell'identità",
           "qa": "Assicurazione della qualità", "issue_date": "Data di rilascio",
           "prerequisites": "Prerequisiti", "stackability": "Cumulabilità",
           "url": "Sito web", "notes": "Osservazioni"},
    "nl": {"id": "Cursuscode", "title": "Naam opleiding", "provider": "Aanbieder",
           "provider_id": "Instellingscode", "awarding_body": "Uitgevende instantie",
           "awarding_body_url": "Website uitgevende instantie", "country": "Land van uitgifte",
           "language": "Voertaal", "isced": "ISCED-veld", "eqf": "EQF-niveau",
           "nqf": "NLQF-niveau", "ects": "Studiepunten", "hours": "Studielast in uren",
           "outcomes": "Leeruitkomsten", "assessment": "Toetsvorm", "mode": "Onderwijsvorm",
           "supervision": "Toezicht en identiteitscontrole", "qa": "Kwaliteitszorg",
           "issue_date": "Uitgiftedatum", "prerequisites": "Toelatingseisen",
           "stackability": "Stapelbaarheid", "url": "Meer informatie", "notes": "Opmerkingen"},
    "pl": {"id": "Kod kursu", "title": "Nazwa kursu", "provider": "Organizator",
           "provider_id": "Kod uczelni", "awarding_body": "Podmiot wydający",
           "awarding_body_url": "Strona podmiotu wydającego", "country": "Kraj",
           "language": "Język", "isced": "Dziedzina ISCED", "eqf": "Poziom ERK",
           "nqf": "Poziom PRK", "ects": "Punkty ECTS", "hours": "Liczba godzin",
           "outcomes": "Efekty uczenia się", "assessment": "Forma zaliczenia",
           "mode": "Tryb realizacji", "supervision": "Nadzór i weryfikacja tożsamości",
           "qa": "Zapewnianie jakości", "issue_date": "Data wydania",
           "prerequisites": "Wymagania wstępne", "stackability": "Możliwość łączenia",
           "url": "Strona internetowa", "notes": "Uwagi"},
}
"""Header row per language, as an office of that country would write it."""

GROUPS: dict[str, tuple[str, str]] = {
    "en": ("Workload", "Level"), "de": ("Arbeitsaufwand", "Niveau"), "fr": ("Charge de travail", "Niveau"),
    "es": ("Carga de trabajo", "Nivel"), "it": ("Carico di lavoro", "Livello"),
    "nl": ("Studielast", "Niveau"), "pl": ("Nakład pracy", "Poziom"),
}
"""``--layout grouped``: the parent cells merged over ECTS|Hours and EQF|NQF."""

_COUNTRIES = {"en": ("IE", "MT"), "de": ("DE", "AT"), "fr": ("FR", "BE"), "es": ("ES",),
              "it": ("IT",), "nl": ("NL", "BE"), "pl": ("PL",)}
_COUNTRY_NAMES = {"IE": "Ireland", "MT": "Malta", "DE": "Deutschland", "AT": "Österreich",
                  "FR": "France", "BE": "Belgique", "ES": "España", "IT": "Italia",
                  "NL": "Nederland", "PL": "Polska"}
_LANG_NAMES = {"en": "English", "de": "Deutsch", "fr": "français", "es": "español",
               "it": "italiano", "nl": "Nederlands", "pl": "polski"}
_KINDS = {"en": ("University", "Institute of Technology", "Training Centre", "College"),
          "de": ("Hochschule", "Akademie", "Bildungszentrum", "Technische Hochschule"),
          "fr": ("Université", "Institut", "Centre de formation", "École"),
          "es": ("Universidad", "Instituto", "Centro de Formación", "Escuela"),
          "it": ("Università", "Istituto", "Centro di formazione", "Accademia"),
          "nl": ("Hogeschool", "Universiteit", "Opleidingsinstituut", "Academie"),
          "pl": ("Uniwersytet", "Politechnika", "Centrum Szkoleniowe", "Akademia")}
_PLACES = ("Liffey", "Rhein", "Loire", "Tajo", "Maas", "Arno", "Wisła", "Donau", "Elbe", "Ebro",
           "Schelde", "Po", "Odra", "Shannon", "Main", "Garonne")
_TOPICS = {
    "en": ("Data Analytics", "Cloud Security", "Solar PV Installation", "Digital Marketing",
           "Project Management", "Circular Economy", "Warehouse Logistics", "Software Testing"),
    "de": ("Datenanalyse", "Cloud-Sicherheit", "Photovoltaik-Installation", "Digitales Marketing",
           "Projektmanagement", "Kreislaufwirtschaft", "Lagerlogistik", "Softwaretest"),
    "fr": ("Analyse de données", "Sécurité du cloud", "Installation photovoltaïque",
           "Marketing numérique", "Gestion de projet", "Économie circulaire",
           "Logistique d'entrepôt", "Test logiciel"),
    "es": ("Análisis de datos", "Seguridad en la nube", "Instalación fotovoltaica",
           "Marketing digital", "Gestión de proyectos", "Economía circular",
           "Logística de almacén", "Pruebas de software"),
    "it": ("Analisi dei dati", "Sicurezza cloud", "Impianti fotovoltaici", "Marketing digitale",
           "Gestione dei progetti", "Economia circolare", "Logistica di magazzino",
           "Collaudo del software"),
    "nl": ("Data-analyse", "Cloudbeveiliging", "Installatie van zonnepanelen",
           "Digitale marketing", "Projectmanagement", "Circulaire economie", "Magazijnlogistiek",
           "Softwaretesten"),
    "pl": ("Analiza danych", "Bezpieczeństwo chmury", "Instalacje fotowoltaiczne",
           "Marketing cyfrowy", "Zarządzanie projektami", "Gospodarka obiegu zamkniętego",
           "Logistyka magazynowa", "Testowanie oprogramowania"),
}
_OUTCOMES = {
    "en": ("Analyse a data set using appropriate tools", "Implement a warehouse layout",
           "Configure security controls for a cloud workload",
           "Plan an installation that meets safety standards",
           "Evaluate the life-cycle impact of a product",
           "Communicate findings to non-specialist stakeholders"),
    "de": ("Datensätze mit geeigneten Werkzeugen analysieren", "Lagerlayouts planen und umsetzen",
           "Sicherheitsmaßnahmen für Cloud-Dienste konfigurieren",
           "Installationen normgerecht planen", "Die Ökobilanz eines Produkts bewerten",
           "Ergebnisse für Laien verständlich präsentieren"),
    "fr": ("Analyser un jeu de données avec des outils adaptés",
           "Mettre en œuvre l'agencement d'un entrepôt",
           "Configurer les contrôles de sécurité d'un service cloud",
           "Planifier une installation conforme aux normes",
           "Évaluer le cycle de vie d'un produit", "Présenter des résultats à un public non spécialiste"),
    "es": ("Analizar un conjunto de datos con herramientas adecuadas",
           "Diseñar la distribución de un almacén", "Configurar controles de seguridad en la nube",
           "Planificar una instalación conforme a la normativa",
           "Evaluar el ciclo de vida de un producto", "Comunicar resultados a públicos no expertos"),
    "it": ("Analizzare un insieme di dati con strumenti adeguati",
           "Progettare il layout di un magazzino", "Configurare i controlli di sicurezza cloud",
           "Pianificare un impianto conforme alle norme", "Valutare il ciclo di vita di un prodotto",
           "Presentare i risultati a un pubblico non specialistico"),
    "nl": ("Een dataset analyseren met passende hulpmiddelen", "Een magazijnindeling ontwerpen",
           "Beveiligingsmaatregelen voor cloudtoepassingen configureren",
           "Een installatie volgens de normen plannen", "De levenscyclus van een product beoordelen",
           "Resultaten presenteren aan niet-specialisten"),
    "pl": ("analizuje zbiory danych z użyciem właściwych narzędzi",
           "projektuje układ magazynu", "konfiguruje zabezpieczenia usług chmurowych",
           "planuje instalację zgodnie z normami", "ocenia cykl życia produktu",
           "prezentuje wyniki odbiorcom spoza branży"),
}
_LEAD_INS = {"en": "On completion, learners can:", "de": "Die Teilnehmenden können:",
             "fr": "À l'issue de la formation, les participants seront capables de :",
             "es": "Al finalizar el curso, el estudiante será capaz de:",
             "it": "Al termine del corso lo studente sarà in grado di:",
             "nl": "Na afloop kan de deelnemer:", "pl": "Po ukończeniu kursu uczestnik potrafi:"}
_ASSESS = {
    "en": ("Written examination and project", "Portfolio of practical assignments",
           "Online quiz and final project", "Practical assessment observed by an assessor"),
    "de": ("Klausur und Projektarbeit", "Portfolio", "Praktische Prüfung", "Mündliche Prüfung"),
    "fr": ("Examen écrit et projet", "Portfolio", "Mise en situation professionnelle",
           "Soutenance orale"),
    "es": ("Examen escrito y proyecto", "Portafolio", "Prueba práctica", "Evaluación continua"),
    "it": ("Esame scritto e project work", "Portfolio", "Prova pratica", "Esame orale"),
    "nl": ("Schriftelijk tentamen en project", "Portfolio", "Praktijkopdracht",
           "Mondeling tentamen"),
    "pl": ("Egzamin pisemny i projekt", "Portfolio", "Zadanie praktyczne", "Egzamin ustny"),
}
_ATTENDANCE = {"en": "Attendance", "de": "Teilnahme", "fr": "Assiduité", "es": "Asistencia",
               "it": "Frequenza", "nl": "Aanwezigheid", "pl": "Obecność na zajęciach"}
_MODES = {"en": ("online", "blended", "on-site", "online (self-paced)", "hybrid"),
          "de": ("Präsenz", "online", "Blended Learning", "hybrid", "Präsenz und online"),
          "fr": ("présentiel", "en ligne", "hybride", "formation mixte", "à distance"),
          "es": ("presencial", "en línea", "semipresencial", "híbrido", "a distancia"),
          "it": ("in presenza", "online", "blended", "ibrida", "a distanza"),
          "nl": ("klassikaal", "online", "blended", "hybride", "op locatie"),
          "pl": ("stacjonarnie", "online", "hybrydowo", "zdalnie", "mieszana")}
_SUPERVISION = {
    "en": ("supervised online with identity verification",
           "supervised onsite with identity verification",
           "unsupervised with no identity verification"),
    "de": ("online beaufsichtigt mit Identitätsprüfung", "Präsenzprüfung mit Ausweiskontrolle",
           "unbeaufsichtigt ohne Identitätsprüfung"),
    "fr": ("surveillé en ligne avec vérification d'identité",
           "surveillé sur site avec vérification d'identité", "sans surveillance"),
    "es": ("supervisado en línea con verificación de identidad",
           "supervisado presencialmente con verificación de identidad", "sin supervisión"),
    "it": ("sorvegliato online con verifica dell'identità",
           "sorvegliato in presenza con verifica dell'identità", "senza sorveglianza"),
    "nl": ("online toezicht met identiteitscontrole",
           "op locatie onder toezicht met identiteitscontrole", "zonder toezicht"),
    "pl": ("nadzorowany online z weryfikacją tożsamości",
           "nadzorowany stacjonarnie z weryfikacją tożsamości", "bez nadzoru"),
}
_QA = {
    "en": ("Internal programme approval; external review by the national QA agency",
           "Accredited by QQI; annual internal programme review",
           "ISO 21001 certified provider; annual internal review"),
    "de": ("Interne Evaluation; akkreditiert durch ACQUIN",
           "Systemakkreditierung (AQAS); interne Lehrevaluation",
           "Interne Qualitätssicherung; zertifiziert nach AZAV"),
    "fr": ("Évaluation interne ; certification Qualiopi",
           "Accréditation Hcéres ; commission qualité interne",
           "Validation interne ; évaluation externe par la CTI"),
    "es": ("Sistema de garantía interna de calidad; verificado por ANECA",
           "Evaluación interna; acreditación de AQU Catalunya",
           "Comisión de calidad interna; título verificado por la agencia autonómica"),
    "it": ("Presidio della qualità interno; accreditamento ANVUR",
           "Riesame interno annuale; certificazione ISO 21001",
           "Valutazione interna; accreditamento regionale"),
    "nl": ("Interne kwaliteitszorg; geaccrediteerd door de NVAO",
           "Opleidingscommissie en interne audit; NRTO-keurmerk",
           "Interne evaluatie; visitatie door de NVAO"),
    "pl": ("Wewnętrzny system zapewniania jakości; akredytacja PKA",
           "Ewaluacja wewnętrzna; ocena zewnętrzna Polskiej Komisji Akredytacyjnej",
           "Uczelniany system zapewniania jakości; certyfikat ISO 21001"),
}
_QA_INTERNAL_ONLY = {"en": "Programme validated under the institution's QA procedures",
                     "de": "Interne Lehrevaluation nach jedem Durchgang",
                     "fr": "Évaluation interne par la commission qualité",
                     "es": "Evaluación interna por la comisión de calidad",
                     "it": "Riesame interno annuale", "nl": "Interne cursusevaluatie",
                     "pl": "Ewaluacja wewnętrzna po każdej edycji"}
_PREREQ = {"en": ("None", "EQF level 5 qualification or equivalent", "Basic IT skills"),
           "de": ("Keine", "Berufsausbildung oder gleichwertige Erfahrung", "Grundkenntnisse IT"),
           "fr": ("Aucun", "Niveau bac ou équivalent", "Bases en informatique"),
           "es": ("Ninguno", "Título de bachillerato o equivalente", "Conocimientos básicos de TIC"),
           "it": ("Nessuno", "Diploma di scuola superiore", "Competenze informatiche di base"),
           "nl": ("Geen", "Mbo-diploma niveau 4", "Basiskennis ICT"),
           "pl": ("Brak", "Wykształcenie średnie", "Podstawowa znajomość komputera")}
_STACK = {"en": ("stand-alone", "stackable"), "de": ("eigenständig", "anrechenbar"),
          "fr": ("autonome", "capitalisable"), "es": ("independiente", "acumulable"),
          "it": ("autonomo", "cumulabile"), "nl": ("zelfstandig", "stapelbaar"),
          "pl": ("samodzielny", "łączony")}
_DECIMAL_COMMA = frozenset({"de", "fr", "es", "it", "nl", "pl"})
_DATE_STYLE = {"en": "{y}-{m:02d}-{d:02d}", "de": "{d:02d}.{m:02d}.{y}",
               "fr": "{d:02d}/{m:02d}/{y}", "es": "{d:02d}/{m:02d}/{y}",
               "it": "{d:02d}/{m:02d}/{y}", "nl": "{d}-{m}-{y}", "pl": "{d:02d}.{m:02d}.{y}"}

GAPS = {"empty_row": 0.01, "formula_title": 0.01, "hours_only": 0.08, "ects_only": 0.02,
        "ects_wrong_type": 0.005, "no_level": 0.08, "topic_outcomes": 0.03, "no_outcomes": 0.01,
        "no_assessment": 0.02, "attendance_only": 0.02, "no_mode": 0.02, "no_supervision": 0.15,
        "qa_internal_only": 0.08, "no_awarding_url": 0.10, "bad_date": 0.01,
        "unreadable_date": 0.005, "no_date": 0.3}
"""Share of rows with each gap (independent draws); QA is also missing for providers that
rarely state it (on average about 6 % of rows)."""


class _Provider:
    def __init__(self, rng: random.Random, index: int, lang: str):
        self.country = rng.choice(_COUNTRIES[lang])
        self.name = f"{rng.choice(_KINDS[lang])} {rng.choice(_PLACES)} {index + 1}"
        self.id = f"{self.country}-PROV-{index + 1:04d}"
        self.qa_habit = rng.random()  # a few providers rarely state QA
        self.url = f"https://provider{index + 1}.example.{self.country.lower()}"


def _number(value: float, lang: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if lang in _DECIMAL_COMMA else text


def _row(rng: random.Random, providers: list[_Provider], n: int, lang: str
         ) -> dict[str, Any] | None:
    """One catalogue row as field → value (``None`` for an empty row)."""
    gap = {name: rng.random() < share for name, share in GAPS.items()}
    if gap["empty_row"]:
        return None
    p = providers[rng.randrange(len(providers))]
    topic = rng.choice(_TOPICS[lang])
    title = topic if rng.random() < 0.5 else f"{topic} {rng.choice(('I', 'II', 'Basis', '2025'))}"
    if gap["formula_title"]:
        title = f'=HYPERLINK("{p.url}/c{n}","{title}")'
    ects_value = rng.choice((1, 2, 2.5, 3, 4, 5, 5, 6, 7.5, 10))
    ects: Any = ects_value
    hours: Any = math.ceil(ects_value * rng.choice((25, 25, 28, 30)))
    if gap["hours_only"]:
        ects = None
    elif gap["ects_only"]:
        hours = None
    if gap["ects_wrong_type"]:
        ects = "ten"
    elif isinstance(ects, float):
        ects = _number(ects, lang)  # "7,5" where the language writes a decimal comma
    eqf: Any = rng.choice((4, 5, 5, 6, 6, 6, 7))
    nqf: Any = str(eqf) if rng.random() < 0.6 else None
    if gap["no_level"]:
        eqf = nqf = None
    picks = rng.sample(_OUTCOMES[lang], rng.randint(2, 4))
    outcomes = "\n".join(([_LEAD_INS[lang]] if rng.random() < 0.3 else [])
                         + [f"- {o}" for o in picks])
    if gap["topic_outcomes"]:
        outcomes = f"{topic}; {rng.choice(_TOPICS[lang])}"
    if gap["no_outcomes"]:
        outcomes = None
    assessment: Any = rng.choice(_ASSESS[lang])
    if gap["attendance_only"]:
        assessment = _ATTENDANCE[lang]
    if gap["no_assessment"]:
        assessment = None
    qa: Any = rng.choice(_QA[lang])
    if gap["qa_internal_only"]:
        qa = _QA_INTERNAL_ONLY[lang]
    if rng.random() > 0.88 + 0.12 * p.qa_habit:
        qa = None
    year, month, day = rng.choice((2024, 2025)), rng.randint(1, 12), rng.randint(1, 28)
    issue: Any = _DATE_STYLE[lang].format(y=year, m=month, d=day)
    if gap["bad_date"]:
        issue = f"31/02/{year}"
    elif gap["unreadable_date"]:
        issue = "soon"
    elif gap["no_date"]:
        issue = None
    return {
        "id": f"{p.id}-C{n:07d}", "title": title, "provider": p.name, "provider_id": p.id,
        "awarding_body": p.name,
        "awarding_body_url": None if gap["no_awarding_url"] else p.url,
        "country": p.country if rng.random() < 0.7 else _COUNTRY_NAMES[p.country],
        "language": lang if rng.random() < 0.7 else _LANG_NAMES[lang],
        "isced": rng.choice(("0613", "0612", "0732", "0413", "0713", "0521", "0111")),
        "eqf": eqf, "nqf": nqf, "ects": ects, "hours": hours, "outcomes": outcomes,
        "assessment": assessment, "mode": None if gap["no_mode"] else rng.choice(_MODES[lang]),
        "supervision": None if gap["no_supervision"] else rng.choice(_SUPERVISION[lang]),
        "qa": qa, "issue_date": issue, "prerequisites": rng.choice(_PREREQ[lang]),
        "stackability": rng.choice(_STACK[lang]), "url": f"{p.url}/courses/{n}",
        "notes": rng.choice((None, None, None, "OK", "reviewed 2025")),
    }


def rows(n_rows: int, n_providers: int, seed: int, lang: str = "en"
         ) -> Iterator[dict[str, Any] | None]:
    """The catalogue rows (``None`` = empty row), deterministic for ``seed``."""
    rng = random.Random(seed)
    providers = [_Provider(rng, i, lang) for i in range(n_providers)]
    for n in range(1, n_rows + 1):
        yield _row(rng, providers, n, lang)


def header_rows(lang: str, layout: str) -> list[list[str | None]]:
    """The header row (flat) or the two header rows (grouped: workload and level merged)."""
    names = [HEADERS[lang][f] for f in FIELDS]
    if layout == "flat":
        return [names]
    work, level = GROUPS[lang]
    top: list[str | None] = list(names)
    sub: list[str | None] = [None] * len(names)
    for parent, pair in ((work, ("ects", "hours")), (level, ("eqf", "nqf"))):
        first, second = (FIELDS.index(f) for f in pair)
        top[first], top[second] = parent, None
        sub[first], sub[second] = ("ECTS", HEADERS[lang]["hours"]) if pair[0] == "ects" else (
            "EQF", "NQF")
    return [top, sub]


def _descriptor(row: dict[str, Any]) -> dict[str, Any]:
    """A catalogue row in the native descriptor shape (for JSONL)."""
    def num(v: Any) -> Any:
        return float(v.replace(",", ".")) if isinstance(v, str) and v[:1].isdigit() else v
    out: dict[str, Any] = {
        "kind": "specification", "id": row["id"], "title": row["title"],
        "provider": {"id": row["provider_id"], "name": row["provider"]},
        "issuer_country": row["country"] if len(row["country"]) == 2 else None,
        "language": row["language"] if len(row["language"]) == 2 else None,
        "isced_f": row["isced"], "assessment_type": row["assessment"],
        "participation_form": row["mode"], "supervision_identity": row["supervision"],
        "prerequisites": row["prerequisites"], "stackability": {"mode": row["stackability"]},
        "further_info": row["url"],
        "awarding_body": {"name": row["awarding_body"], "url": row["awarding_body_url"]},
    }
    if row["outcomes"]:
        out["learning_outcomes"] = [{"text": t.lstrip("- ")} for t in row["outcomes"].split("\n")
                                    if not t.endswith(":")]
    workload = {k: num(v) for k, v in (("ects", row["ects"]), ("hours", row["hours"]))
                if v is not None}
    if workload:
        out["workload"] = workload
    if row["eqf"] is not None:
        out["level"] = {"eqf": row["eqf"]}
    if row["qa"]:
        out["quality_assurance"] = {"description": row["qa"]}
    if row["notes"]:
        out["extensions"] = {"col.notes": row["notes"]}
    return {k: v for k, v in out.items() if v is not None}


def write_jsonl(path: Path, data: Iterator[dict[str, Any] | None]) -> None:
    """One object per line; an empty row becomes a blank line."""
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for row in data:
            fh.write("\n" if row is None else json.dumps(_descriptor(row), ensure_ascii=False,
                                                         sort_keys=True) + "\n")


def write_csv(path: Path, data: Iterator[dict[str, Any] | None], delimiter: str,
              lang: str, layout: str, encoding: str = "utf-8") -> None:
    """CSV (UTF-8 without BOM, or ``cp1252`` as Excel saves "CSV" on Windows); an empty
    row is a row of empty fields."""
    with path.open("w", encoding=encoding, newline="", errors="replace") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        for header in header_rows(lang, layout):
            writer.writerow(["" if h is None else h for h in header])
        for row in data:
            writer.writerow([""] * len(FIELDS) if row is None else
                            ["" if row[f] is None else row[f] for f in FIELDS])


def _merges(layout: str, header_row: int) -> list[str]:
    if layout == "flat":
        return []
    out = []
    for first, second in (("ects", "hours"), ("eqf", "nqf")):
        a, b = (chr(ord("A") + FIELDS.index(f)) for f in (first, second))
        out.append(f"{a}{header_row}:{b}{header_row}")
    return out


def write_xlsx(path: Path, data: Iterator[dict[str, Any] | None], seed: int, lang: str,
               layout: str) -> None:
    """XLSX via openpyxl write-only mode; formula-like titles are stored as text, and
    a few Hours cells are real formulas (``=L5*25``), as providers do."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    rng = random.Random(seed + 1)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Catalogue")
    ws.append(["Micro-credential catalogue (synthetic)"])
    headers = header_rows(lang, layout)
    for header in headers:
        ws.append(header)
    hours_col = FIELDS.index("hours")
    ects_letter = chr(ord("A") + FIELDS.index("ects"))
    for number, row in enumerate(data, start=2 + len(headers)):
        if row is None:
            ws.append([])
            continue
        cells: list[Any] = []
        for i, field in enumerate(FIELDS):
            value = row[field]
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"  # text that looks like a formula, not a formula
                cells.append(cell)
            elif i == hours_col and value is not None and rng.random() < 0.005:
                cells.append(f"={ects_letter}{number}*25")
            else:
                cells.append(value)
        ws.append(cells)
    wb.save(path)  # write-only sheets cannot merge: the grouped header is blank-extended


def write_xlsx_excel_style(path: Path, data: Iterator[dict[str, Any] | None], seed: int,
                           lang: str, layout: str) -> None:
    """XLSX laid out the way Excel and LibreOffice save it: a shared-string table and a
    <dimension> element (written by XlsxWriter, the ``bench`` extra), and real merged
    header cells for ``--layout grouped``. Same cells as :func:`write_xlsx`."""
    import xlsxwriter

    rng = random.Random(seed + 1)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                         "strings_to_formulas": False,
                                         "strings_to_urls": False})
    ws = wb.add_worksheet("Catalogue")
    ws.write_string(0, 0, "Micro-credential catalogue (synthetic)")
    headers = header_rows(lang, layout)
    for r, header in enumerate(headers, start=1):
        for col, name in enumerate(header):
            if name is not None:
                ws.write_string(r, col, name)
    for span in _merges(layout, 2):
        first, last = span.split(":")
        ws.merge_range(f"{first}:{last}", headers[0][ord(first[0]) - ord("A")] or "")
    hours_col = FIELDS.index("hours")
    ects_letter = chr(ord("A") + FIELDS.index("ects"))
    for number, row in enumerate(data, start=2 + len(headers)):
        if row is None:
            continue
        for i, field in enumerate(FIELDS):
            value = row[field]
            if value is None:
                continue
            if i == hours_col and rng.random() < 0.005:
                ws.write_formula(number - 1, i, f"={ects_letter}{number}*25")
            elif isinstance(value, str):
                ws.write_string(number - 1, i, value)  # formula-like titles stay text
            else:
                ws.write(number - 1, i, value)
    wb.close()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--providers", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=("jsonl", "csv", "xlsx"), required=True)
    parser.add_argument("--lang", choices=sorted(HEADERS), default="en",
                        help="language of headers and values (decimal commas and day-first "
                             "dates where the language writes them)")
    parser.add_argument("--layout", choices=("flat", "grouped"), default="flat",
                        help="one header row, or Workload/Level grouped over ECTS|Hours and "
                             "EQF|NQF in a two-row header")
    parser.add_argument("--delimiter", default=None, choices=(",", ";", "\t"),
                        help="CSV separator (default ',' for English, ';' otherwise)")
    parser.add_argument("--encoding", default="utf-8", choices=("utf-8", "cp1252"),
                        help="CSV encoding (cp1252: as Excel saves 'CSV' on Windows)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--xlsx-style", choices=("openpyxl", "excel"), default="openpyxl",
                        help="openpyxl write-only (inline strings, no dimension) or as Excel "
                             "saves it (shared strings; needs the `bench` extra)")
    args = parser.parse_args(argv)
    if args.rows < 0 or args.providers < 1:
        parser.error("--rows must be >= 0 and --providers >= 1")
    data = rows(args.rows, args.providers, args.seed, args.lang)
    if args.format == "jsonl":
        write_jsonl(args.out, data)
    elif args.format == "csv":
        delimiter = args.delimiter or ("," if args.lang == "en" else ";")
        write_csv(args.out, data, delimiter, args.lang, args.layout, args.encoding)
    elif args.xlsx_style == "excel":
        write_xlsx_excel_style(args.out, data, args.seed, args.lang, args.layout)
    else:
        write_xlsx(args.out, data, args.seed, args.lang, args.layout)
    print(f"wrote {args.rows} rows ({args.providers} providers, {args.lang}, {args.layout}) "
          f"to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
