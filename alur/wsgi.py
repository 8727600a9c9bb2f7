import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alur.settings")
django_application = get_wsgi_application()

# Imported once Django is set up: the wrapper reads the limit from the settings.
from alur.web.body_limit import ChunkedBodyLimit  # noqa: E402

application = ChunkedBodyLimit(django_application)
