"""The monitoring pages' forms: which half-year, the rows, the signature. They only read input;
the rules are in ``alur.monitoring.services``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from alur.monitoring.models import MonitoringRecord, MonitoringRow
from alur.monitoring.services import RowInput


class OpenForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(
        label=_("Semester"), choices=MonitoringRecord.Half.choices, coerce=int
    )


class RowsForm(forms.Form):
    """``penilaian-<no>``, ``catatan-<no>`` and ``tindakan-<no>`` for each row of the form."""

    def __init__(self, *args: Any, rows: Iterable[MonitoringRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.numbers = []
        choices = [("", _("— pilih —")), *MonitoringRow.Assessment.choices]
        for row in rows:
            self.numbers.append(row.no)
            self.fields[f"penilaian-{row.no}"] = forms.ChoiceField(
                label=_("Penilaian"), choices=choices, required=False, initial=row.assessment
            )
            self.fields[f"catatan-{row.no}"] = forms.CharField(
                label=_("Catatan hasil penilaian"),
                required=False,
                initial=row.note,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
            self.fields[f"tindakan-{row.no}"] = forms.CharField(
                label=_("Tindakan yang harus diambil"),
                required=False,
                initial=row.action,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 5}),
            )

    def row(self, no: int) -> list[forms.BoundField]:
        return [self[f"{part}-{no}"] for part in ("penilaian", "catatan", "tindakan")]

    def error_lines(self) -> list[str]:
        """Each error with the row it is on: ``Baris 3, Penilaian: ...``."""
        lines = []
        for name, errors in self.errors.items():
            part, _sep, no = name.partition("-")
            label = self.fields[name].label if name in self.fields else part
            lines += [
                _t("Baris %(no)s, %(field)s: %(error)s") % {"no": no, "field": label, "error": e}
                for e in errors
            ]
        return lines

    def values(self) -> dict[int, RowInput]:
        """The rows that were sent; a row left out of the post keeps what it has."""
        data = self.cleaned_data
        return {
            no: RowInput(
                assessment=data[f"penilaian-{no}"],
                note=data[f"catatan-{no}"],
                action=data[f"tindakan-{no}"],
            )
            for no in self.numbers
            if f"penilaian-{no}" in self.data
        }


class SignForm(forms.Form):
    name = forms.CharField(label=_("Nama penilai"), max_length=200, required=False)
    nip = forms.CharField(label=_("NIP"), max_length=30, required=False)
    confirmed = forms.BooleanField(
        label=_(
            "Saya, penilai yang masuk dengan akun ini, menyatakan penilaian di atas benar dan "
            "menandatangani formulir ini."
        ),
        required=False,
    )
