"""Helpers for the SD-JWT VC tests: fixture paths, loading, and hostile variants built from
the generated fixtures (re-signed with the test keys where a test needs a valid signature)."""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path
from typing import Any

from mcqa.loaders import LoadOptions, load_file
from mcqa.model import LoadItem
from tests.conftest import FIXTURES

SD = FIXTURES / "sd-jwt"
KEYS = SD / "keys"
PRIVATE = SD / "private-test-keys"
WHEN = date(2026, 8, 1)


def load(path: Path, trust: bool = False, when: date = WHEN) -> list[LoadItem]:
    """Every item of one file, with the fixture trust folder when asked."""
    options = LoadOptions(trust_dir=KEYS if trust else None, trust_time=when)
    return list(load_file(path, path.name, options))


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def unb64(text: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def parts(name: str = "webuild-complete.txt") -> list[str]:
    """A fixture presentation split at ``~``."""
    return (SD / name).read_text(encoding="utf-8").strip().split("~")


def sign(header: dict[str, Any], payload: dict[str, Any], key: str = "issuer") -> str:
    """A compact JWS made with a test key (through jwcrypto, as the fixtures are)."""
    from jwcrypto.jwk import JWK
    from jwcrypto.jws import JWS

    jwk = JWK.from_json((PRIVATE / f"{key}.jwk").read_text(encoding="utf-8"))
    jws = JWS(payload=json.dumps(payload))
    jws.add_signature(jwk, alg=header["alg"], protected=json.dumps(header))
    return str(jws.serialize(compact=True))


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path
