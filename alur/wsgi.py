"""The WSGI application, as web servers load it (``alur serve`` runs granian on it)."""

import os

from django.core.wsgi import get_wsgi_application

from alur.cli.supervise import SERVER_PROCESS, end_with_parent

if os.environ.get(SERVER_PROCESS, "").isdigit():
    # Under `alur serve`: each of the server's processes ends when the server does, even when
    # the server is killed outright and cannot stop them itself.
    end_with_parent(int(os.environ[SERVER_PROCESS]))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alur.settings")
django_application = get_wsgi_application()

# Imported once Django is set up: the wrapper reads the limit from the settings.
from alur.web.body_limit import ChunkedBodyLimit  # noqa: E402

application = ChunkedBodyLimit(django_application)
