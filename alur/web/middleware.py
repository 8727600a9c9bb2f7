"""Bahasa Indonesia first: the language is the one the person chose, else Indonesian.

Django's ``LocaleMiddleware`` follows the browser's Accept-Language, so an office computer set
up in English would get English pages. Alur answers in the office's language until the person
picks another with the language switch (Django's ``set_language`` cookie).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
