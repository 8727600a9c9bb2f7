from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alur.webhooks.models import EventType
from alur.webhooks.services import DESCRIPTION_MAX, URL_MAX


class SubscriptionForm(forms.Form):
    """A new subscription; the service checks the URL against the installation's hosts."""

    url = forms.CharField(
        label=_("URL penerima"),
        max_length=URL_MAX,
        widget=forms.URLInput(attrs={"placeholder": "https://sistem.contoh.go.id/webhook/alur"}),
        help_text=_("Alamat http(s) yang menerima POST berisi JSON; host-nya harus diizinkan."),
    )
    event_types = forms.MultipleChoiceField(
        label=_("Jenis peristiwa"),
        choices=lambda: [(value, f"{label} ({value})") for value, label in EventType.choices],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Dalam kurung: nilai 'type' yang diterima sistem penerima."),
    )
    description = forms.CharField(
        label=_("Keterangan"),
        max_length=DESCRIPTION_MAX,
        required=False,
        help_text=_("Misalnya nama sistem penerima dan pengelolanya."),
    )
