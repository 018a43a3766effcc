"""The EQF referencing tables, typed in by hand from the standards digest (sections 5.1-5.6).

Deliberately not derived from the YAML: if a data file drifts from the
digest, the per-level tests fail. Each row: level code -> (status, EQF
level(s) or None, confidence).
"""

from __future__ import annotations

Row = tuple[str, int | tuple[int, ...] | None, str]


def _one_to_one(status: str, confidence: str) -> dict[str, Row]:
    return {str(n): (status, n, confidence) for n in range(1, 9)}


def _rqf_like() -> dict[str, Row]:
    rows: dict[str, Row] = {
        "Entry 1": ("not_referenced", None, "secondary"),
        "Entry 2": ("not_referenced", None, "secondary"),
        "Entry 3": ("referenced", 1, "secondary"),
    }
    for code, eqf in {"1": 2, "2": 3, "3": 4, "4": 5, "5": 5, "6": 6, "7": 7, "8": 8}.items():
        rows[code] = ("referenced", eqf, "secondary")
    return rows


EXPECTED: dict[str, dict[str, Row]] = {
    "EQF": _one_to_one("referenced", "confirmed"),
    "QF-EHEA": {
        "short": ("unconfirmed", 5, "unconfirmed"),
        "first": ("unconfirmed", 6, "unconfirmed"),
        "second": ("unconfirmed", 7, "unconfirmed"),
        "third": ("unconfirmed", 8, "unconfirmed"),
    },
    # 5.1 Ireland [C]
    "IE-NFQ": {
        str(n): ("referenced", e, "confirmed")
        for n, e in {1: 1, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 6, 8: 6, 9: 7, 10: 8}.items()
    },
    # 5.2 Scotland [S]; levels 1-2 carry no EQF level
    "UK-SCQF": {
        "1": ("not_referenced", None, "secondary"),
        "2": ("not_referenced", None, "secondary"),
        **{str(n): ("referenced", e, "secondary")
           for n, e in {3: 1, 4: 2, 5: 3, 6: 4, 7: 5, 8: 5, 9: 6, 10: 6, 11: 7, 12: 8}.items()},
    },
    # 5.3 / 5.4 RQF and CQFW [S]
    "UK-RQF": _rqf_like(),
    "UK-CQFW": _rqf_like(),
    # 5.5 eight-level frameworks
    "DE-DQR": _one_to_one("referenced", "secondary"),
    "FR-CNCP": {
        **_one_to_one("referenced", "confirmed"),
        "V": ("referenced", 3, "confirmed"),
        "IV": ("referenced", 4, "confirmed"),
        "III": ("referenced", 5, "confirmed"),
        "II": ("referenced", 6, "confirmed"),
        "I": ("range", (7, 8), "confirmed"),
    },
    "NL-NLQF": {"Entry": ("below_eqf", None, "unconfirmed"),
                **_one_to_one("unconfirmed", "unconfirmed")},
    "PL-PQF": _one_to_one("unconfirmed", "unconfirmed"),
    "MT-MQF": {
        "Introductory A": ("below_eqf", None, "unconfirmed"),
        "Introductory B": ("below_eqf", None, "unconfirmed"),
        **_one_to_one("referenced", "confirmed"),
    },
    "PT-QNQ": _one_to_one("referenced", "confirmed"),
    "ES-MECU": _one_to_one("unconfirmed", "unconfirmed"),
    "IT-QNQ": _one_to_one("unconfirmed", "unconfirmed"),
    "AT-NQR": _one_to_one("referenced", "confirmed"),
    "BE-FL-VKS": _one_to_one("unconfirmed", "unconfirmed"),
    "SE-SEQF": _one_to_one("referenced", "confirmed"),
    "FI-FINQF": _one_to_one("unconfirmed", "unconfirmed"),
    "EE-EKR": _one_to_one("referenced", "secondary"),
    "CZ-NSK": _one_to_one("referenced", "secondary"),
    "CH-NQF-VPQ": _one_to_one("referenced", "confirmed"),
    # 5.6 comparisons and AQRF frameworks
    "AU-AQF": {str(n): ("unknown", None, "unconfirmed") for n in range(1, 11)},
    "NZ-NZQF": {
        **{str(n): ("comparison_only", e, "confirmed")
           for n, e in {1: 2, 2: 3, 3: 4, 4: 4, 5: 5, 6: 5, 7: 6, 9: 7, 10: 8}.items()},
        "8": ("not_referenced", None, "confirmed"),
    },
    "HK-HKQF": {str(n): ("unknown", None, "unconfirmed") for n in range(1, 8)},
    "ASEAN-AQRF": {str(n): ("not_referenced", None, "secondary") for n in range(1, 9)},
    "MY-MQF": {str(n): ("not_referenced", None, "secondary") for n in range(1, 9)},
    "ID-KKNI": {str(n): ("not_referenced", None, "unconfirmed") for n in range(1, 10)},
}

RELATIONSHIP: dict[str, tuple[str, int | None]] = {
    "EQF": ("self", 2017), "QF-EHEA": ("compatible", None), "IE-NFQ": ("referenced", 2009),
    "UK-SCQF": ("referenced", 2019), "UK-RQF": ("referenced", 2010),
    "UK-CQFW": ("referenced", 2019), "DE-DQR": ("referenced", 2012),
    "FR-CNCP": ("referenced", 2010), "NL-NLQF": ("referenced", 2012),
    "PL-PQF": ("referenced", 2013), "MT-MQF": ("referenced", 2009),
    "PT-QNQ": ("referenced", 2011), "ES-MECU": ("referenced", None),
    "IT-QNQ": ("referenced", 2023), "AT-NQR": ("referenced", 2012),
    "BE-FL-VKS": ("referenced", 2014), "SE-SEQF": ("referenced", 2016),
    "FI-FINQF": ("referenced", 2018), "EE-EKR": ("referenced", 2011),
    "CZ-NSK": ("referenced", 2011), "CH-NQF-VPQ": ("referenced", 2015),
    "AU-AQF": ("comparison_only", 2016), "NZ-NZQF": ("comparison_only", 2016),
    "HK-HKQF": ("comparison_only", 2015), "ASEAN-AQRF": ("none", None),
    "MY-MQF": ("none", None), "ID-KKNI": ("none", None),
}
