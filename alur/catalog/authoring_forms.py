"""The forms of the office administrator's SOP pages. They only read the input: checking a
definition and storing it is ``alur.catalog.authoring``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alur.catalog.lanes import LaneRow
from alur.catalog.models import SopVersion
from alur.offices.models import Office, Role


class NewSopForm(forms.Form):
    UPLOAD, COPY, TEMPLATE = "unggah", "salin", "templat"

    sumber = forms.ChoiceField(
        label=_("mulai dari"),
        choices=[
            (UPLOAD, _("berkas definisi (YAML) yang diunggah")),
            (COPY, _("salinan versi SOP lain")),
            (TEMPLATE, _("templat kosong")),
        ],
        widget=forms.RadioSelect,
        initial=TEMPLATE,
    )
    berkas = forms.FileField(label=_("berkas definisi (YAML)"), required=False)
    versi_sumber = forms.ModelChoiceField(
        queryset=SopVersion.objects.none(), label=_("versi yang disalin"), required=False
    )
    kode = forms.SlugField(
        label=_("kode SOP"),
        max_length=64,
        required=False,
        help_text=_("Huruf kecil, angka dan '-', mis. 'layanan-hosting'. Tidak dapat diubah."),
    )
    nama = forms.CharField(label=_("nama SOP"), max_length=300, required=False)

    def __init__(self, office: Office, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["versi_sumber"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = (
            SopVersion.objects.filter(sop__office=office)
            .select_related("sop")
            .order_by("sop__name", "-number")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source = data.get("sumber")
        if source == self.UPLOAD and not data.get("berkas"):
            self.add_error("berkas", _("Pilih berkas yang diunggah."))
        if source == self.COPY and not data.get("versi_sumber"):
            self.add_error("versi_sumber", _("Pilih versi yang disalin."))
        if source in (self.COPY, self.TEMPLATE):
            for name in ("kode", "nama"):
                if not data.get(name):
                    self.add_error(name, _("Wajib diisi untuk SOP baru."))
        return data


class DateForm(forms.Form):
    tanggal = forms.DateField(
        label=_("tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class LaneRolesForm(forms.Form):
    """One choice per staff lane of an SOP: one of the office's roles, or empty for the role
    the definition names."""

    def __init__(self, rows: list[LaneRow], roles: list[Role], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        by_pk = {str(role.pk): role for role in roles}
        self.roles = by_pk
        for row in rows:
            written = (
                _("bawaan definisi: %(name)s") % {"name": row.written_role.name}
                if row.written_role is not None
                else _("bawaan definisi: '%(code)s' (kantor tidak punya peran ini)")
                % {"code": row.written}
            )
            self.fields[row.id] = forms.ChoiceField(
                label=row.name,
                required=False,
                choices=[("", written)]
                + [(pk, f"{role.name} ({role.code})") for pk, role in by_pk.items()],
                initial=str(row.chosen.pk) if row.chosen is not None else "",
            )

    def chosen(self) -> dict[str, Role | None]:
        """Lane id → the chosen role (None: the definition's)."""
        return {row.id: self.roles.get(self.cleaned_data.get(row.id) or "") for row in self.rows}
