"""The admin's SOP upload: an office and a definition, as a file or as pasted text.

The form only reads the input; checking the definition and storing it is
``alur.catalog.services.sop_version_create``, whose problems the view adds back with
``add_problems`` so the office sees exactly what ``alur sop check`` prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alur.offices.models import Office
from alur.sop import Problem

MAX_DEFINITION_BYTES = 1024 * 1024
"""A definition is a page of YAML; the largest seed is about 20 KB."""

PASTED_NAME = "definisi.yaml"
"""The file name that problems in pasted text are reported against."""


class SopUploadForm(forms.Form):
    office = forms.ModelChoiceField(queryset=Office.objects.order_by("name"), label=_("kantor"))
    file = forms.FileField(
        label=_("berkas definisi (YAML)"),
        required=False,
        help_text=_("Berkas SOP seperti yang diperiksa oleh 'alur sop check'."),
    )
    text = forms.CharField(
        label=_("atau tempel isi definisi"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "vLargeTextField"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        pasted = data.get("text") or ""
        if upload is not None and pasted.strip():
            raise forms.ValidationError(_("Pilih salah satu: unggah berkas atau tempel isinya."))
        if upload is None and not pasted.strip():
            raise forms.ValidationError(_("Unggah berkas definisi atau tempel isinya."))
        if upload is None:
            data["definition"], data["filename"] = pasted, PASTED_NAME
            return data
        if upload.size > MAX_DEFINITION_BYTES:
            raise forms.ValidationError(
                _("Berkas terlalu besar: paling besar %(limit)d KB."),
                params={"limit": MAX_DEFINITION_BYTES // 1024},
            )
        filename = upload.name or PASTED_NAME
        try:
            data["definition"] = upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            # Reported as `alur sop check` reports a file it cannot read.
            self.add_problems([Problem("file.unreadable", filename, 1, 1, {"detail": str(error)})])
        data["filename"] = filename
        return data

    def add_problems(self, problems: Iterable[Problem]) -> None:
        """Each problem as a form error, in the words of ``alur sop check``."""
        for problem in problems:
            self.add_error(None, problem.format("id"))
