"""E-mail for the people pages (a password link, an invitation), without knowing who sends it.

The mail outbox belongs to the notifications app, a layer above offices: that app gives its
queue to ``mailer_register`` from its ``ready``. Without it, or while the installation has no
mail server set up (mail printed to the console or dropped), the pages offer no e-mail and show
a one-time password instead.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

Mailer = Callable[..., object]
"""Called as ``mailer(to=[address], subject=..., body=...)`` inside the deciding transaction."""

_NO_MAIL_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    }
)

_mailers: list[Mailer] = []


def mailer_register(mailer: Mailer) -> None:
    if mailer not in _mailers:
        _mailers.append(mailer)


def mail_available() -> bool:
    return bool(_mailers) and settings.EMAIL_BACKEND not in _NO_MAIL_BACKENDS


def mail_send(*, to: str, subject: str, body: str) -> None:
    """Queue one mail; call it inside the transaction that decided to send it."""
    if not _mailers:
        raise RuntimeError("no mailer is registered")
    _mailers[-1](to=[to], subject=subject, body=body)
