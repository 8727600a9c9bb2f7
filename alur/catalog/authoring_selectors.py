"""Reads for the office administrator's SOP pages: every SOP of the office with all its
versions, and two versions' texts side by side."""

from __future__ import annotations

import difflib

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from alur.catalog.models import Sop, SopVersion
from alur.offices.models import Office


def office_sops_with_versions(office: Office) -> QuerySet[Sop]:
    """The office's SOPs by name, each with ``all_versions``, newest first (two queries)."""
    versions = SopVersion.objects.select_related("approved_by").order_by("-number")
    return (
        Sop.objects.filter(office=office)
        .prefetch_related(Prefetch("versions", queryset=versions, to_attr="all_versions"))
        .order_by("name", "pk")
    )


def diff_table(a: SopVersion, b: SopVersion) -> str:
    """The lines that differ between two versions' texts, with three lines of context, as an
    HTML table (difflib escapes the texts)."""
    return difflib.HtmlDiff(tabsize=2, wrapcolumn=64).make_table(
        a.definition.splitlines(),
        b.definition.splitlines(),
        fromdesc=_("versi %(n)s") % {"n": a.number},
        todesc=_("versi %(n)s") % {"n": b.number},
        context=True,
        numlines=3,
    )
