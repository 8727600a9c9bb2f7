"""Finding requests by what people remember of them: the number, words of the perihal, the
requester's name or OPD.

A request matches when its number begins with what was typed (case ignored; a whole number is
its own prefix), or every word typed begins a word of its number and perihal, or every word
typed begins a word of its requester's name and OPD. On PostgreSQL the words are found by
full text search with the ``simple`` configuration (no stemming: names and Indonesian words
stay as written), each word typed a prefix (``word:*``); the number and perihal are read
through the GIN index of migration ``cases.0017_case_search`` on the same expression
(``CASE_WORDS``). Elsewhere (SQLite) each word is looked for anywhere in those fields
(``icontains``), which finds the same requests and a few more.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from alur.cases.models import Case

SEARCH_MAX = 200
"""The most characters of a search that are read."""
WORDS_MAX = 8
"""The most words of a search that are looked for."""

CASE_FIELDS = ("number", "title")
REQUESTER_FIELDS = ("requester__first_name", "requester__last_name", "requester_unit__name")


def case_words() -> SearchVector:
    """The words of a request's number and perihal, as the GIN index holds them: the
    expression here and in the migration must stay the same for the index to be used."""
    return SearchVector(*CASE_FIELDS, config="simple")


def words_of(text: str) -> list[str]:
    """The words of a search, lower case, letters and digits only: safe in a ``tsquery``."""
    return [word.lower() for word in re.findall(r"\w+", text[:SEARCH_MAX])][:WORDS_MAX]


def cases_matching(cases: QuerySet[Case], text: str) -> QuerySet[Case]:
    """``cases`` narrowed to those matching ``text``; all of them for an empty search."""
    # PostgreSQL holds no NUL character in a text: one typed would fail the query.
    typed = text.replace("\x00", "").strip()[:SEARCH_MAX]
    if not typed:
        return cases
    by_number = Q(number__istartswith=typed)
    words = words_of(typed)
    if not words:
        return cases.filter(by_number)
    if connection.vendor == "postgresql":
        query = SearchQuery(
            " & ".join(f"{word}:*" for word in words), search_type="raw", config="simple"
        )
        # The words of the number and perihal in a query of their own, where the planner can
        # read them through the index; beside the other tests they would be read row by row.
        by_words = Case.objects.alias(words=case_words()).filter(words=query).values("pk")
        return cases.alias(requester_words=SearchVector(*REQUESTER_FIELDS, config="simple")).filter(
            by_number | Q(pk__in=by_words) | Q(requester_words=query)
        )
    return cases.filter(by_number | _all_in(words, CASE_FIELDS) | _all_in(words, REQUESTER_FIELDS))


def _all_in(words: list[str], fields: tuple[str, ...]) -> Q:
    """Every word in one of ``fields``."""
    found = Q()
    for word in words:
        anywhere = Q()
        for field in fields:
            anywhere |= Q(**{f"{field}__icontains": word})
        found &= anywhere
    return found
