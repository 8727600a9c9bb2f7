"""The few fields a letter needs that the case record does not hold, per kind of letter, and
the SRIKANDI reference form. Labels and errors are Indonesian first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alur.common import uploads as upload_rules
from alur.letters.content import INSTRUCTIONS, SIFAT

PDF = "application/pdf"
"""A signed letter is kept only as PDF (``services`` checks the content)."""

SIFAT_CHOICES = list(SIFAT.items())
INSTRUCTION_CHOICES = list(INSTRUCTIONS.items())
SIFAT_INVALID = {
    "invalid_choice": _(
        "'%(value)s' tidak dikenal; pilih salah satu: sangat-segera, segera, rahasia, biasa."
    )
}
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LetterForm(forms.Form):
    """Base: ``values()`` gives what is stored with the letter (JSON: dates as ISO text);
    ``today`` is the office's date, which the letter is dated on."""

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            out[name] = value.isoformat() if isinstance(value, dt.date) else value
        return out


class DispositionForm(LetterForm):
    nomor_surat = forms.CharField(label=_("Nomor surat yang didisposisikan"), max_length=100)
    tanggal_surat = forms.DateField(label=_("Tanggal surat"), widget=DATE_INPUT)
    nomor_agenda = forms.CharField(label=_("Nomor agenda"), max_length=100)
    sifat = forms.ChoiceField(
        label=_("Sifat"),
        choices=SIFAT_CHOICES,
        widget=forms.RadioSelect,
        error_messages=SIFAT_INVALID,
    )
    diteruskan_kepada = forms.CharField(
        label=_("Diteruskan kepada"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Satu penerima per baris."),
    )
    instruksi = forms.MultipleChoiceField(
        label=_("Instruksi"),
        choices=INSTRUCTION_CHOICES,
        required=False,
        error_messages={
            "invalid_choice": _(
                "'%(value)s' tidak dikenal; pilih tanggapan, proses atau koordinasi, atau tulis "
                "instruksi lain."
            )
        },
        widget=forms.CheckboxSelectMultiple,
    )
    instruksi_lain = forms.CharField(label=_("Instruksi lain"), max_length=300, required=False)
    catatan = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    tanggal_penyelesaian = forms.DateField(
        label=_("Tanggal penyelesaian"), widget=DATE_INPUT, required=False
    )

    def clean_tanggal_surat(self) -> dt.date:
        value: dt.date = self.cleaned_data["tanggal_surat"]
        if value > self.today:
            raise forms.ValidationError(
                _("Tanggal surat tidak boleh sesudah hari ini (%(today)s).")
                % {"today": self.today.strftime("%d-%m-%Y")}
            )
        return value

    def clean_tanggal_penyelesaian(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("tanggal_penyelesaian")
        if value is not None and value < self.today:
            raise forms.ValidationError(
                _("Tanggal penyelesaian tidak boleh sebelum hari ini (%(today)s).")
                % {"today": self.today.strftime("%d-%m-%Y")}
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("instruksi") and not str(data.get("instruksi_lain") or "").strip():
            self.add_error(
                "instruksi", _("Pilih sekurang-kurangnya satu instruksi atau tulis instruksi lain.")
            )
        return data


class ReplyForm(LetterForm):
    kepada = forms.CharField(label=_("Kepada (Yth.)"), max_length=300)
    sifat = forms.ChoiceField(
        label=_("Sifat"), choices=SIFAT_CHOICES, initial="biasa", error_messages=SIFAT_INVALID
    )
    lampiran = forms.CharField(label=_("Lampiran"), max_length=100, required=False)
    hal = forms.CharField(label=_("Hal"), max_length=300)
    isi = forms.CharField(
        label=_("Isi surat"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Pisahkan paragraf dengan satu baris kosong."),
    )
    tembusan = forms.CharField(
        label=_("Tembusan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Satu penerima per baris."),
    )


class MinutesForm(LetterForm):
    rangkap = forms.IntegerField(
        label=_("Jumlah rangkap"),
        min_value=1,
        max_value=10,
        initial=2,
        error_messages={
            "min_value": _("Jumlah rangkap sekurang-kurangnya 1."),
            "max_value": _("Jumlah rangkap paling banyak 10."),
        },
    )
    keterangan = forms.CharField(
        label=_("Keterangan tambahan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


FORMS: dict[str, type[LetterForm]] = {
    "disposisi": DispositionForm,
    "balasan-draf": ReplyForm,
    "balasan": ReplyForm,
    "berita-acara": MinutesForm,
    "penolakan": ReplyForm,
}


class ReferenceForm(forms.Form):
    nomor = forms.CharField(label=_("Nomor surat"), max_length=100)
    tanggal = forms.DateField(label=_("Tanggal surat"), widget=DATE_INPUT)
    pengirim = forms.CharField(label=_("Pengirim"), max_length=200)
    tautan = forms.CharField(
        label=_("Tautan atau ID SRIKANDI"),
        max_length=500,
        help_text=_("Alamat surat di SRIKANDI, atau nomor identitasnya."),
    )
    berkas = forms.FileField(label=_("Surat bertanda tangan (PDF)"))

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        berkas = self.fields["berkas"]
        berkas.help_text = upload_rules.limits_text([PDF])
        berkas.widget.attrs["accept"] = upload_rules.accept([PDF])

    def clean_tanggal(self) -> dt.date:
        value: dt.date = self.cleaned_data["tanggal"]
        if value > self.today:
            raise forms.ValidationError(
                _("Tanggal surat tidak boleh sesudah hari ini (%(today)s).")
                % {"today": self.today.strftime("%d-%m-%Y")}
            )
        return value
