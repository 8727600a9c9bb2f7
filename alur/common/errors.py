"""The refusals every service raises, each with a message for the person and its details.

Pages answer them with a status (``alur.common.http.error_status``), the command line with an
exit code; a refused action leaves nothing changed.
"""

from __future__ import annotations


class ServiceError(Exception):
    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class NotAllowed(ServiceError):
    """The person may not do this (shown as 403, or 404 where the thing is not theirs to see)."""


class Conflict(ServiceError):
    """Someone else changed it first."""


class TooMany(ServiceError):
    """Too many attempts from one place in a short time: try again later (shown as 429).
    ``retry_after``: the seconds until one more would be let through, when known."""

    def __init__(
        self, message: str, *, details: list[str] | None = None, retry_after: int | None = None
    ) -> None:
        super().__init__(message, details=details)
        self.retry_after = retry_after


class Invalid(ServiceError):
    """The action is not complete: a document, a field or a decision is missing or wrong."""
