"""CLR 2.0 (Comprehensive Learner Record) -> one record per embedded credential/achievement.

A CLR is a transcript: a ``ClrCredential`` whose subject lists
``verifiableCredential`` (full OB 3.0 credentials, as JSON or as JWT strings)
and ``achievement`` (achievements asserted by the CLR issuer itself). Each
becomes its own record with ``parent_id`` = the CLR's id, so rules judge each
micro-credential, not the transcript. A bad entry becomes an
:class:`~mcqa.model.InputProblem` and the others are still read.
"""

from __future__ import annotations

from collections.abc import Iterator

from mcqa.errors import InputError
from mcqa.loaders import jwt
from mcqa.loaders._common import EnvelopeLoader, J, problem, type_names, unwrap
from mcqa.loaders.base import SourceDocument
from mcqa.loaders.ob3 import map_achievement, map_ob3
from mcqa.model import LoadItem

CLR_TYPES = frozenset({"ClrCredential"})


def is_clr(data: object) -> bool:
    """``ClrCredential`` type, or a subject of type ``ClrSubject``."""
    if not isinstance(data, dict):
        return False
    if type_names(data) & CLR_TYPES:
        return True
    subject = J(data).first("credentialSubject")
    return subject is not None and "ClrSubject" in subject.types()


class ClrLoader(EnvelopeLoader):
    """CLR 2.0 credentials (JSON or JWT); records for each credential and achievement.

    Detected by: ``ClrCredential``/``ClrSubject`` types.
    Records: one item per embedded credential or achievement.
    """

    name = "clr"
    label = "CLR 2.0"
    recognise = staticmethod(is_clr)

    def _load(self, doc: SourceDocument) -> Iterator[LoadItem]:
        env = unwrap(doc)
        clr = env.root
        clr_id = clr.id() or f"{doc.display}#{env.prefix or '/'}"
        subject = clr.first("credentialSubject")
        if subject is None:
            raise InputError("CLR has no credentialSubject", file=doc.display,
                             location=f"{env.prefix}/credentialSubject",
                             hint="a CLR lists credentials under credentialSubject")
        count = 0
        limit = doc.options.limits.max_records_per_file
        for entry in subject.each("verifiableCredential"):
            count += 1
            if count > limit:
                break
            try:
                yield self._embedded(doc, entry, env.prefix, clr_id)
            except InputError as exc:
                yield problem(doc, f"{env.prefix}{entry.ptr}", exc)
        for ach in subject.each("achievement"):
            count += 1
            if count > limit:
                break
            try:
                if not ach.is_obj:
                    raise InputError("achievement is not an object", file=doc.display,
                                     location=f"{env.prefix}{ach.ptr}",
                                     hint="embed the Achievement object")
                yield map_achievement(doc, ach, self.name, clr, clr_id, env.prefix)
            except InputError as exc:
                yield problem(doc, f"{env.prefix}{ach.ptr}", exc, ach.id())
        if count == 0:
            raise InputError("CLR lists no verifiableCredential and no achievement",
                             file=doc.display, location=f"{env.prefix}{subject.ptr}",
                             hint="an empty transcript has nothing to check")

    def _embedded(self, doc: SourceDocument, entry: J, prefix: str, clr_id: str) -> LoadItem:
        if isinstance(entry.v, str) and jwt.looks_like_jwt(entry.v):
            _header, payload = jwt.decode_compact(entry.v, doc.display)
            data, inner = jwt.vc_of_payload(payload)
            return map_ob3(doc, J(data), f"{prefix}{entry.ptr} JWT payload{inner}", "jwt",
                           jwt.jwt_claim_fallbacks(payload), self.name, clr_id)
        if not entry.is_obj:
            raise InputError("embedded credential is neither an object nor a JWT",
                             file=doc.display, location=f"{prefix}{entry.ptr}",
                             hint="embed the credential as JSON or compact JWT")
        return map_ob3(doc, entry, prefix, None, None, self.name, clr_id)


__all__ = ["ClrLoader", "is_clr"]
