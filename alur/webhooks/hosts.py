"""Where webhooks may go: http(s) URLs whose host the installation allows
(``ALUR_WEBHOOK_ALLOWED_HOSTS``), checked when an office subscribes and again before every
delivery, so a name taken off the list stops deliveries at once.

The list is the installation's, not the office's: without it an office administrator could make
Alur's worker call any address it can reach (the database, a metadata service, a printer).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


def host_of(url: str) -> str:
    """The host name of ``url``, lower case, without a trailing dot ("" when it has none)."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return ""
    return (host or "").rstrip(".").lower()


def host_allowed(host: str) -> bool:
    """Whether ``host`` is on the list: the name itself, or under a leading-dot entry
    (``.go.id`` allows ``go.id`` and every name ending in ``.go.id``)."""
    if not host:
        return False
    for entry in settings.ALUR_WEBHOOK_ALLOWED_HOSTS:
        allowed = entry.strip().rstrip(".").lower()
        if allowed.startswith("."):
            if host == allowed[1:] or host.endswith(allowed):
                return True
        elif allowed and host == allowed:
            return True
    return False


def url_problem(url: str) -> str | None:
    """Why Alur will not send to ``url``, or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- a port that is no number raises here
    except ValueError:
        return _("URL tidak sah.")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return _("URL harus diawali http:// atau https:// dan memuat nama host.")
    if parts.username is not None or parts.password is not None:
        return _(
            "URL tidak boleh memuat nama pengguna atau sandi; penerima memeriksa tanda tangan."
        )
    host = host_of(url)
    if not host_allowed(host):
        return _(
            "Host %(host)s tidak diizinkan oleh instalasi ini (ALUR_WEBHOOK_ALLOWED_HOSTS)."
        ) % {"host": host}
    return None
