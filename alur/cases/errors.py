"""The refusals of the case services, each with a message for the person and its details.

They live apart from ``services.py`` so that the modules the services use (documents) can
raise them too; ``services`` re-exports them.
"""

from __future__ import annotations


class ServiceError(Exception):
    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class NotAllowed(ServiceError):
    """The person may not do this (shown as 403, or 404 where the case is not theirs to see)."""


class Conflict(ServiceError):
    """Someone else changed the case first."""


class Invalid(ServiceError):
    """The action is not complete: a document, a field or a decision is missing or wrong."""
