"""The form of an agreed extension, or of a changed plan for a "Sesuai jadwal" step."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alur.deadlines.services import REASON_MAX


class DueForm(forms.Form):
    date = forms.DateField(
        label=_("Tanggal tenggat baru"),
        widget=forms.DateInput({"type": "date", "aria-required": "true"}, format="%Y-%m-%d"),
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

    def __init__(self, *args: object, scheduled: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if scheduled:
            # A plan names a day: the step is due at closing time of that day.
            del self.fields["time"]
            self.fields["date"].label = _("Tanggal jadwal baru")
