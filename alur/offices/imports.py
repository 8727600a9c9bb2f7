"""Many people at once from a CSV or XLSX file: read, plan row by row (the dry run), then apply.

    read_table(name, content)   the file as rows of text, or ``FileRefused`` with why
    import_plan(office, rows)   one ``RowPlan`` per row: new, changed, unchanged or error
    people_import(...)          the plan made again and applied in one transaction, or
                                ``ImportRefused`` and nothing written when any row is wrong

A person is matched by NIP within the office. The file says what the person is: name, e-mail,
unit, position and roles are set to the file's values (roles replace those held); the rank,
the office administrator flag and the password are left as they are. New people get no
password: the administrator invites them from their page.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alur.offices.changes import record_change
from alur.offices.models import Office, Role, Unit, User
from alur.offices.services import PersonData, person_create, person_update

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
COLUMNS = {
    "nip": ("nip",),
    "nama": ("nama", "nama lengkap", "name"),
    "email": ("e-mail", "email", "surel"),
    "username": ("username", "nama pengguna"),
    "unit": ("unit",),
    "peran": ("peran", "role"),
    "jabatan": ("jabatan", "position"),
}
REQUIRED = ("nip", "nama", "email", "unit", "peran", "jabatan")
NIP = re.compile(r"^\d{18}$")
XLSX_MAGIC = b"PK\x03\x04"
NUMBER_MARK = "#angka:"
"""Marks a cell that held a number too long to be exact, so its row is refused."""

Table = list[list[str]]


class FileRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class RowPlan:
    number: int
    status: str = "baru"  # baru, diubah, tetap, galat
    nip: str = ""
    name: str = ""
    username: str = ""
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    data: PersonData | None = None
    person: User | None = None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 10**15:
            return str(int(value))
        # An 18-digit NIP typed as a number has lost its last digits already.
        return f"{NUMBER_MARK}{value!r}"
    return str(value).strip()


def _read_csv(content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            _(
                "Berkas CSV tidak dapat dibaca sebagai UTF-8. Simpan ulang dari spreadsheet "
                "dengan pilihan 'CSV UTF-8'."
            )
        ) from None
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text.split("\n", 1)[0], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as error:
        raise FileRefused(_("Berkas CSV rusak: %(error)s") % {"error": error}) from None


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    if not content.startswith(XLSX_MAGIC):
        raise FileRefused(_("Berkas ini bukan XLSX yang sah."))
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows: Table = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_cell(value) for value in row])
            if len(rows) > MAX_ROWS + 1:
                break
        book.close()
    except (zipfile.BadZipFile, KeyError, IndexError, OSError, ValueError, TypeError):
        raise FileRefused(
            _("Berkas XLSX tidak dapat dibaca. Simpan ulang dari spreadsheet.")
        ) from None
    return rows


def read_table(name: str, content: bytes) -> Table:
    """The file's rows of text, empty ones kept so that rows keep their numbers in the file."""
    if len(content) > MAX_BYTES:
        raise FileRefused(
            _("Berkas terlalu besar: paling besar %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    lower = name.lower()
    if lower.endswith(".csv"):
        rows = _read_csv(content)
    elif lower.endswith(".xlsx"):
        rows = _read_xlsx(content)
    else:
        raise FileRefused(_("Jenis berkas tidak didukung: unggah berkas .csv atau .xlsx."))
    filled = sum(1 for row in rows if any(row))
    if not filled:
        raise FileRefused(_("Berkas kosong."))
    if filled > MAX_ROWS + 1:
        raise FileRefused(
            _("Terlalu banyak baris: paling banyak %(rows)s pegawai sekali impor.")
            % {"rows": MAX_ROWS}
        )
    return rows


def _columns(header: list[str]) -> dict[str, int]:
    names = [cell.strip().casefold() for cell in header]
    found = {}
    for key, aliases in COLUMNS.items():
        for index, name in enumerate(names):
            if name in aliases:
                found[key] = index
                break
    missing = [COLUMNS[key][0] for key in REQUIRED if key not in found]
    if missing:
        raise FileRefused(
            _("Kolom tidak ditemukan di baris pertama: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    return found


class _Office:
    """What the plan looks up, read once."""

    def __init__(self, office: Office) -> None:
        units = list(Unit.objects.filter(office=office))
        self.units_by_code = {unit.code.casefold(): unit for unit in units}
        self.units_by_name = {unit.name.casefold(): unit for unit in units}
        self.roles = {role.code: role for role in Role.objects.filter(office=office)}
        self.people = {
            person.nip: person
            for person in User.objects.filter(office=office)
            .exclude(nip="")
            .prefetch_related("roles")
        }
        self.usernames = {
            name.casefold() for name in User.objects.values_list("username", flat=True)
        }


def _free_username(wanted: str, taken: set[str]) -> str:
    """A user name not taken yet, from an e-mail's local part or a name: words joined by dots
    (``rizki.pratama@...`` and ``Rizki Pratama`` both give ``rizki.pratama``)."""
    base = slugify(wanted.replace(".", " ")).replace("-", ".")[:140] or "pegawai"
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        name = f"{base}{n}"
    return name


def _row(row: list[str], cols: dict[str, int], key: str) -> str:
    index = cols.get(key)
    return row[index].strip() if index is not None and index < len(row) else ""


def _plan_row(
    number: int,
    row: list[str],
    cols: dict[str, int],
    known: _Office,
    seen_nips: set[str],
    taken: set[str],
) -> RowPlan:
    nip = re.sub(r"\s+", "", _row(row, cols, "nip"))
    plan = RowPlan(number=number, nip=nip, name=_row(row, cols, "nama"))
    errors = plan.errors
    if nip.startswith(NUMBER_MARK):
        errors.append(
            _(
                "NIP tersimpan sebagai angka di spreadsheet sehingga digit terakhirnya hilang; "
                "format sel NIP sebagai teks lalu ketik ulang."
            )
        )
        plan.nip = nip = ""
    elif not NIP.match(nip):
        errors.append(_("NIP harus 18 angka (ditulis sebagai teks): %(nip)s") % {"nip": nip or "—"})
    elif nip in seen_nips:
        errors.append(_("NIP %(nip)s sudah ada di baris sebelumnya.") % {"nip": nip})
    seen_nips.add(nip)
    if not plan.name:
        errors.append(_("Nama kosong."))
    email = _row(row, cols, "email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("Alamat e-mail tidak sah: %(email)s") % {"email": email})
    unit_text = _row(row, cols, "unit")
    unit = known.units_by_code.get(unit_text.casefold()) or known.units_by_name.get(
        unit_text.casefold()
    )
    if unit_text and unit is None:
        errors.append(_("Unit tidak dikenal: %(unit)s") % {"unit": unit_text})
    codes = [code.strip() for code in _row(row, cols, "peran").split(",") if code.strip()]
    unknown = [code for code in codes if code not in known.roles]
    if unknown:
        errors.append(_("Peran tidak dikenal: %(codes)s") % {"codes": ", ".join(unknown)})
    person = known.people.get(nip)
    plan.person = person
    username = _row(row, cols, "username")
    if person is not None:
        if username and username != person.username:
            errors.append(
                _("NIP ini milik %(username)s; nama pengguna tidak dapat diubah.")
                % {"username": person.username}
            )
        username = person.username
    elif username:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            errors.append(_("Nama pengguna tidak sah: %(username)s") % {"username": username})
        if username.casefold() in taken:
            errors.append(_("Nama pengguna sudah dipakai: %(username)s") % {"username": username})
    else:
        username = _free_username(email.partition("@")[0] if email else plan.name, taken)
    taken.add(username.casefold())
    plan.username = username
    if errors:
        plan.status = "galat"
        return plan
    plan.data = PersonData(
        username=username,
        name=plan.name,
        nip=nip,
        email=email,
        unit=unit,
        position=_row(row, cols, "jabatan"),
        rank=person.rank if person is not None else "",
        roles=[known.roles[code] for code in codes],
        is_office_admin=person.is_office_admin if person is not None else False,
    )
    if person is not None:
        plan.changes = _changes(person, plan.data)
        plan.status = "diubah" if plan.changes else "tetap"
    return plan


def _changes(person: User, data: PersonData) -> list[str]:
    changed = []
    if person.get_full_name() != " ".join(data.name.split()):
        changed.append(str(_("nama")))
    if person.email != data.email:
        changed.append(str(_("e-mail")))
    if person.unit_id != (data.unit.pk if data.unit else None):
        changed.append(str(_("unit")))
    if person.position != data.position:
        changed.append(str(_("jabatan")))
    if {role.pk for role in person.roles.all()} != {role.pk for role in data.roles}:
        changed.append(str(_("peran")))
    return changed


def import_plan(office: Office, rows: Table) -> list[RowPlan]:
    """One plan per filled row after the header (the first filled row), numbered as in the
    file."""
    numbered = [(number, row) for number, row in enumerate(rows, start=1) if any(row)]
    if not numbered:
        raise FileRefused(_("Berkas kosong."))
    cols = _columns(numbered[0][1])
    known = _Office(office)
    seen: set[str] = set()
    taken = set(known.usernames)
    return [_plan_row(number, row, cols, known, seen, taken) for number, row in numbered[1:]]


class ImportRefused(Exception):
    def __init__(self, plan: list[RowPlan]) -> None:
        super().__init__("rows with errors")
        self.plan = plan


def plan_counts(plan: list[RowPlan]) -> dict[str, int]:
    counts = {"baru": 0, "diubah": 0, "tetap": 0, "galat": 0}
    for row in plan:
        counts[row.status] += 1
    return counts


def people_import(*, office: Office, actor: User, rows: Table) -> list[RowPlan]:
    """Apply the file: every row or none. The plan is made again inside the transaction, so
    what changed since the dry run is seen."""
    with transaction.atomic():
        plan = import_plan(office, rows)
        if any(row.status == "galat" for row in plan):
            raise ImportRefused(plan)
        for row in plan:
            if row.data is None:
                continue
            if row.status == "baru":
                row.person = person_create(office=office, actor=actor, data=row.data)
            elif row.status == "diubah" and row.person is not None:
                person_update(person=row.person, actor=actor, data=row.data)
        counts = plan_counts(plan)
        record_change(
            office=office,
            actor=actor,
            subject="Impor pegawai",
            action="diimpor",
            after={"baru": counts["baru"], "diubah": counts["diubah"]},
        )
    return plan


def summary(plan: list[RowPlan]) -> str:
    counts = plan_counts(plan)
    return ngettext(
        "%(rows)s baris: %(new)s baru, %(changed)s diubah, %(same)s tetap, %(errors)s galat.",
        "%(rows)s baris: %(new)s baru, %(changed)s diubah, %(same)s tetap, %(errors)s galat.",
        len(plan),
    ) % {
        "rows": len(plan),
        "new": counts["baru"],
        "changed": counts["diubah"],
        "same": counts["tetap"],
        "errors": counts["galat"],
    }
