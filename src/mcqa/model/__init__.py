"""Data types shared by loaders, engine and renderers."""

from mcqa.model.builder import RecordBuilder
from mcqa.model.load import InputProblem, LoadItem, Skipped
from mcqa.model.record import (
    ELEMENTS,
    MANDATORY_ELEMENTS,
    OPTIONAL_ELEMENTS,
    CredentialRecord,
    Grade,
    InputIssue,
    Learner,
    LearningOutcome,
    Level,
    Organisation,
    QualityAssurance,
    Signature,
    SourceRef,
    Stackability,
    Statement,
    Workload,
)

__all__ = [
    "ELEMENTS",
    "MANDATORY_ELEMENTS",
    "OPTIONAL_ELEMENTS",
    "CredentialRecord",
    "Grade",
    "InputIssue",
    "InputProblem",
    "Learner",
    "LearningOutcome",
    "Level",
    "LoadItem",
    "Organisation",
    "QualityAssurance",
    "RecordBuilder",
    "Signature",
    "Skipped",
    "SourceRef",
    "Stackability",
    "Statement",
    "Workload",
]

from mcqa.model.finding import Citation, Finding, Severity, Status, WaiverRef

__all__ += ["Citation", "Finding", "Severity", "Status", "WaiverRef"]
