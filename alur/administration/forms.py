"""The settings pages' forms: each checks its own fields and says what is wrong next to them, in
Indonesian; the services write what a valid form gives."""

from __future__ import annotations

import datetime as dt
import re
import string
from typing import Any, ClassVar

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alur.administration.logo import LOGO_MAX_BYTES
from alur.cases.numbering import format_number
from alur.letters.models import Letterhead
from alur.letters.numbering import PatternInvalid, format_letter_number
from alur.offices.models import ZONES, Office, OfficeDay

WEEKDAYS = [
    ("0", gettext_lazy("Senin")),
    ("1", gettext_lazy("Selasa")),
    ("2", gettext_lazy("Rabu")),
    ("3", gettext_lazy("Kamis")),
    ("4", gettext_lazy("Jumat")),
    ("5", gettext_lazy("Sabtu")),
    ("6", gettext_lazy("Minggu")),
]
SAMPLE_DAY = dt.date(2026, 11, 23)
NUMBER_MAX_LENGTH = 100
"""The longest case or letter number the tables hold."""


def case_number_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot number cases, or None: it must name the sequence and format with
    sample values."""
    try:
        names = {
            re.split(r"[.\[]", name)[0]
            for _text, name, _spec, _conv in string.Formatter().parse(pattern)
            if name
        }
    except ValueError as error:
        return _("Pola tidak dapat dibaca: %(detail)s.") % {"detail": error}
    if "seq" not in names:
        return _("Pola harus memuat {seq}, urutan per tahun; tanpa itu nomor akan sama.")
    sample = Office(code="contoh")
    try:
        number = format_number(pattern, office=sample, sop_code="sop", seq=7, on=SAMPLE_DAY)
    except KeyError as error:
        return _(
            "Bagian %(part)s tidak dikenal. Yang dapat dipakai: {seq}, {sop}, {unit}, {month}, "
            "{month_roman}, {year}."
        ) % {"part": "{" + str(error.args[0]) + "}"}
    except (IndexError, ValueError, TypeError, AttributeError) as error:
        return _("Pola tidak dapat dipakai: %(detail)s.") % {"detail": error}
    if len(number) > NUMBER_MAX_LENGTH:
        return _("Nomor yang dihasilkan terlalu panjang (lebih dari %(n)s karakter).") % {
            "n": NUMBER_MAX_LENGTH
        }
    return None


class OfficeForm(forms.ModelForm[Office]):
    workdays = forms.MultipleChoiceField(
        label=gettext_lazy("hari kerja"), choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple
    )
    zone = forms.ChoiceField(label=gettext_lazy("zona waktu"), choices=ZONES)

    class Meta:
        model = Office
        fields = ("name", "government", "city", "zone", "opens", "closes", "case_number_pattern")
        widgets: ClassVar[dict[str, forms.Widget]] = {
            "opens": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["workdays"] = [str(n) for n in self.instance.workday_numbers]

    def clean_case_number_pattern(self) -> str:
        pattern: str = self.cleaned_data["case_number_pattern"].strip()
        problem = case_number_problem(pattern)
        if problem:
            raise forms.ValidationError(problem)
        return pattern

    def clean_workdays(self) -> str:
        chosen = sorted({int(day) for day in self.cleaned_data["workdays"]})
        return ",".join(str(day) for day in chosen)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens is not None and closes is not None and opens >= closes:
            self.add_error("closes", _("Jam tutup harus sesudah jam buka."))
        return cleaned


class OfficeDayForm(forms.ModelForm[OfficeDay]):
    class Meta:
        model = OfficeDay
        fields = ("date", "kind", "name")
        widgets: ClassVar[dict[str, forms.Widget]] = {
            "date": forms.DateInput(attrs={"type": "date"})
        }

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["name"].required = True

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if OfficeDay.objects.filter(office=self.office, date=day).exists():
            raise forms.ValidationError(
                _("Tanggal ini sudah ada di daftar hari khusus; hapus dahulu untuk mengubahnya.")
            )
        return day


class LetterheadForm(forms.ModelForm[Letterhead]):
    logo_file = forms.FileField(
        label=gettext_lazy("logo baru"),
        required=False,
        help_text=gettext_lazy("PNG atau SVG, paling besar 512 KB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/svg+xml"}),
    )
    logo_remove = forms.BooleanField(label=gettext_lazy("hapus logo"), required=False)

    class Meta:
        model = Letterhead
        fields = (
            "government",
            "name",
            "address",
            "contact",
            "head_name",
            "head_position",
            "head_rank",
            "head_nip",
            "number_pattern",
            "unit_code",
            "reply_classification",
            "minutes_classification",
        )

    def clean_logo_file(self) -> Any:
        upload = self.cleaned_data.get("logo_file")
        if upload and upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(
                _("Berkas logo terlalu besar: batasnya %(limit)s KB.")
                % {"limit": LOGO_MAX_BYTES // 1024}
            )
        return upload

    def clean_head_nip(self) -> str:
        nip: str = "".join(self.cleaned_data["head_nip"].split())
        if nip and not (nip.isdigit() and len(nip) == 18):
            raise forms.ValidationError(_("NIP terdiri atas 18 angka."))
        return nip

    def clean_number_pattern(self) -> str:
        pattern: str = self.cleaned_data["number_pattern"].strip()
        sample = Letterhead(number_pattern=pattern, unit_code="UNIT")
        try:
            number = format_letter_number(sample, classification="000.1", seq=7, on=SAMPLE_DAY)
        except (PatternInvalid, TypeError, AttributeError) as error:
            raise forms.ValidationError(
                _("Pola nomor surat tidak dapat dipakai: %(detail)s.") % {"detail": error}
            ) from None
        if len(number) > NUMBER_MAX_LENGTH:
            raise forms.ValidationError(
                _("Nomor yang dihasilkan terlalu panjang (lebih dari %(n)s karakter).")
                % {"n": NUMBER_MAX_LENGTH}
            )
        if "{seq" not in pattern:
            raise forms.ValidationError(_("Pola harus memuat {seq}, urutan per tahun."))
        return pattern


class FirstRunForm(forms.Form):
    office_name = forms.CharField(label=gettext_lazy("nama dinas"), max_length=200)
    government = forms.CharField(label=gettext_lazy("pemerintah daerah"), max_length=200)
    city = forms.CharField(label=gettext_lazy("tempat (kota)"), max_length=100)
    zone = forms.ChoiceField(label=gettext_lazy("zona waktu"), choices=ZONES)
    full_name = forms.CharField(label=gettext_lazy("nama lengkap Anda"), max_length=150)
    username = forms.RegexField(
        label=gettext_lazy("nama pengguna"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": gettext_lazy("Hanya huruf, angka, dan . @ + - _.")},
    )
    password = forms.CharField(label=gettext_lazy("kata sandi"), widget=forms.PasswordInput)
    password_again = forms.CharField(
        label=gettext_lazy("ulangi kata sandi"), widget=forms.PasswordInput
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password, again = cleaned.get("password"), cleaned.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", _("Kedua kata sandi tidak sama."))
        elif password:
            try:
                password_validation.validate_password(password)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned
