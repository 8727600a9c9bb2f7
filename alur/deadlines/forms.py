"""The form of an agreed extension, or of a changed plan for a "Sesuai jadwal" step."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alur.deadlines.services import REASON_MAX

MOST_DAYS = 250
"""The most working days one change may add: about a year of the office's days."""


class DueForm(forms.Form):
    """The new due as a date (and a time), or as a number of working days added to the due
    now: one of the two."""

    date = forms.DateField(
        label=_("Tanggal tenggat baru"),
        required=False,
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
    )
    days = forms.IntegerField(
        label=_("Atau: tambah hari kerja"),
        required=False,
        min_value=1,
        max_value=MOST_DAYS,
        widget=forms.NumberInput({"inputmode": "numeric"}),
        help_text=_("Mis. 3: tenggat sekarang ditambah 3 hari kerja kantor."),
    )
    time = forms.TimeField(
        label=_("Jam (waktu kantor)"),
        required=False,
        widget=forms.TimeInput({"type": "time"}, format="%H:%M"),
        help_text=_("Kosong: jam tutup kantor pada tanggal itu."),
    )
    reason = forms.CharField(
        label=_("Alasan"),
        max_length=REASON_MAX,
        widget=forms.Textarea({"rows": 3, "aria-required": "true"}),
    )

    notice = forms.FileField(
        label=_("Surat pemberitahuan perpanjangan"),
        required=False,
        help_text=_("Wajib menurut SOP: berkas surat yang memberitahukan perpanjangan."),
    )

    def __init__(
        self, *args: object, scheduled: bool = False, notice: bool = False, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if notice:
            self.fields["notice"].required = True
            self.fields["notice"].widget.attrs["aria-required"] = "true"
        else:
            del self.fields["notice"]
        if scheduled:
            # A plan names a day: the step is due at closing time of that day.
            del self.fields["time"]
            self.fields["date"].label = _("Tanggal jadwal baru")
            self.fields["days"].help_text = _("Mis. 3: jadwal sekarang ditambah 3 hari kerja.")

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        day, days = cleaned.get("date"), cleaned.get("days")
        if self.errors:
            return cleaned
        if day is None and days is None:
            raise forms.ValidationError(
                _("Isi tanggal tenggat baru, atau berapa hari kerja ditambahkan.")
            )
        if day is not None and days is not None:
            raise forms.ValidationError(
                _("Isi salah satu saja: tanggal tenggat baru, atau berapa hari kerja ditambahkan.")
            )
        if days is not None and cleaned.get("time"):
            raise forms.ValidationError(
                _("Jam hanya untuk tanggal yang dipilih; tambahan hari kerja memakai jam tenggat.")
            )
        return cleaned
