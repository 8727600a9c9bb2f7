"""The forms of the people pages: they read and check what was typed; the rules that need the
database or the office (a username taken, the last administrator) are the services'."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alur.offices.models import ApiToken, Delegation, Office, Role, Unit, User
from alur.offices.services import PersonData
from alur.offices.tokens import MAX_DAYS

NIP = re.compile(r"^\d{18}$")


def nip_clean(value: str) -> str:
    """A NIP of a civil servant is 18 digits; spaces people type between its parts are dropped."""
    nip = re.sub(r"\s+", "", value)
    if nip and not NIP.match(nip):
        raise forms.ValidationError(_("NIP terdiri atas 18 angka."))
    return nip


def _role_label(role: Role) -> str:
    return f"{role.name} ({role.code})"


class _OfficeForm(forms.Form):
    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.office = office


class PersonForm(_OfficeForm):
    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Untuk masuk; tidak dapat diubah setelah disimpan."),
    )
    name = forms.CharField(label=_("Nama lengkap"), max_length=300)
    nip = forms.CharField(label=_("NIP"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    position = forms.CharField(label=_("Jabatan"), max_length=200, required=False)
    rank = forms.CharField(label=_("Pangkat/golongan"), max_length=100, required=False)
    roles = forms.ModelMultipleChoiceField(
        label=_("Peran"),
        queryset=Role.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_office_admin = forms.BooleanField(
        label=_("Admin kantor"),
        required=False,
        help_text=_("Mengelola pengaturan kantor: pegawai, unit, peran, pelimpahan, dan SOP."),
    )

    def __init__(self, *args: Any, office: Office, person: User | None = None, **kwargs: Any):
        if person is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "username": person.username,
                "name": person.get_full_name(),
                "nip": person.nip,
                "email": person.email,
                "unit": person.unit_id,
                "position": person.position,
                "rank": person.rank,
                "roles": list(person.roles.values_list("pk", flat=True)),
                "is_office_admin": person.is_office_admin,
            }
        super().__init__(*args, office=office, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(office=office)  # type: ignore[attr-defined]
        self.fields["roles"].queryset = Role.objects.filter(office=office)  # type: ignore[attr-defined]
        self.fields["roles"].label_from_instance = _role_label  # type: ignore[attr-defined]
        if person is not None:
            self.fields["username"].disabled = True

    def clean_nip(self) -> str:
        return nip_clean(self.cleaned_data["nip"])

    def data_of(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(
            username=data["username"],
            name=data["name"],
            nip=data["nip"],
            email=data["email"],
            unit=data["unit"],
            position=data["position"],
            rank=data["rank"],
            roles=list(data["roles"]),
            is_office_admin=data["is_office_admin"],
        )


class UnitForm(_OfficeForm):
    code = forms.SlugField(label=_("Kode"), max_length=64)
    name = forms.CharField(label=_("Nama"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis"), choices=Unit.Kind.choices)
    parent = forms.ModelChoiceField(label=_("Induk"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args: Any, office: Office, unit: Unit | None = None, **kwargs: Any):
        if unit is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "code": unit.code,
                "name": unit.name,
                "kind": unit.kind,
                "parent": unit.parent_id,
            }
        super().__init__(*args, office=office, **kwargs)
        parents = Unit.objects.filter(office=office)
        if unit is not None:
            parents = parents.exclude(pk=unit.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]


class RoleForm(_OfficeForm):
    code = forms.SlugField(
        label=_("Kode"),
        max_length=64,
        help_text=_(
            "Kode yang ditulis di lajur SOP (kunci 'peran' pada pelaksana): langkah lajur itu "
            "dikerjakan pemegang peran ini."
        ),
    )
    name = forms.CharField(label=_("Nama"), max_length=200)
    head = forms.ModelChoiceField(
        label=_("Atasan"),
        queryset=Role.objects.none(),
        required=False,
        help_text=_("Menerima eskalasi langkah yang terlambat dan menyetujui perpanjangan."),
    )

    def __init__(self, *args: Any, office: Office, role: Role | None = None, **kwargs: Any):
        if role is not None and "initial" not in kwargs:
            kwargs["initial"] = {"code": role.code, "name": role.name, "head": role.head_id}
        super().__init__(*args, office=office, **kwargs)
        heads = Role.objects.filter(office=office)
        if role is not None:
            heads = heads.exclude(pk=role.pk)
        self.fields["head"].queryset = heads  # type: ignore[attr-defined]


class MemberForm(_OfficeForm):
    person = forms.ModelChoiceField(label=_("Pegawai"), queryset=User.objects.none())

    def __init__(self, *args: Any, office: Office, **kwargs: Any):
        super().__init__(*args, office=office, **kwargs)
        self.fields["person"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            office=office, is_active=True
        ).order_by("first_name", "last_name")


class DelegationForm(_OfficeForm):
    role = forms.ModelChoiceField(label=_("Peran"), queryset=Role.objects.none())
    delegate = forms.ModelChoiceField(
        label=pgettext_lazy("pelimpahan", "Pelaksana"), queryset=User.objects.none()
    )
    kind = forms.ChoiceField(label=_("Jenis"), choices=Delegation.Kind.choices)
    starts = forms.DateField(
        label=_("Mulai"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends = forms.DateField(
        label=_("Sampai"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(label=_("Dasar penugasan"), max_length=200, required=False)

    def __init__(self, *args: Any, office: Office, **kwargs: Any):
        super().__init__(*args, office=office, **kwargs)
        self.fields["role"].queryset = Role.objects.filter(office=office)  # type: ignore[attr-defined]
        self.fields["delegate"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            office=office, is_active=True
        ).order_by("first_name", "last_name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data


def _owner_label(person: User) -> str:
    kind = _("akun sistem") if person.is_system_account else person.username
    return f"{person} ({kind})"


class TokenForm(_OfficeForm):
    """A new API token for a person or a system account of the office."""

    owner = forms.ModelChoiceField(
        label=_("Pemilik"),
        queryset=User.objects.none(),
        help_text=_(
            "Token bertindak sebagai pemiliknya: melihat dan mengerjakan apa yang ia bisa."
        ),
    )
    name = forms.CharField(
        label=_("Nama token"),
        max_length=100,
        help_text=_("Sistem yang memakainya, mis. 'Portal Pemda'."),
    )
    scope = forms.ChoiceField(
        label=_("Cakupan"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        help_text=_(
            "'Baca' tidak dapat mengajukan permohonan, mengerjakan langkah, atau mengunggah."
        ),
    )
    expires_days = forms.IntegerField(
        label=_("Berlaku (hari)"),
        required=False,
        min_value=1,
        max_value=MAX_DAYS,
        help_text=_("Kosongkan bila tanpa batas waktu."),
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any):
        super().__init__(*args, office=office, **kwargs)
        owners = self.fields["owner"]
        owners.queryset = User.objects.filter(  # type: ignore[attr-defined]
            office=office, is_active=True
        ).order_by("-is_system_account", "first_name", "last_name", "username")
        owners.label_from_instance = _owner_label  # type: ignore[attr-defined]


class SystemAccountForm(_OfficeForm):
    """Another system of the office, signing in to the API with tokens only; its roles given as a
    person's are."""

    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Tidak dapat diubah setelah disimpan, mis. 'sistem.portal'."),
    )
    name = forms.CharField(label=_("Nama sistem"), max_length=300)
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_(
            "Unit tempat ia bertindak; untuk sistem sebuah OPD pemohon, OPD itu: ia mengajukan "
            "dan melihat permohonan OPD itu."
        ),
    )
    roles = forms.ModelMultipleChoiceField(
        label=_("Peran"),
        queryset=Role.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any):
        super().__init__(*args, office=office, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(office=office)  # type: ignore[attr-defined]
        self.fields["roles"].queryset = Role.objects.filter(office=office)  # type: ignore[attr-defined]
        self.fields["roles"].label_from_instance = _role_label  # type: ignore[attr-defined]

    def data_of(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(
            username=data["username"],
            name=data["name"],
            unit=data["unit"],
            roles=list(data["roles"]),
            is_system_account=True,
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas CSV atau XLSX"),
        help_text=_(
            "Kolom: NIP, nama, e-mail, username (boleh kosong), unit (kode atau nama), "
            "peran (kode, dipisah koma), jabatan."
        ),
    )
