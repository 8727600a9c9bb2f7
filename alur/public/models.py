"""Who filed a request with no account, how they reach it again, and the attempts counted
against abuse."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alur.cases.models import Case


class PublicRequest(models.Model):
    """A request filed on the public request page: the person as they identified themselves
    and the tracking number they follow it by. ``person`` is their record for the case (its
    requester and the actor of their steps): a person with no office who cannot sign in."""

    class Kind(models.TextChoices):
        CITIZEN = "warga", _("perorangan (warga)")
        BUSINESS = "badan_usaha", _("badan usaha")

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="public_request", verbose_name=_("permohonan")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("pemohon")
    )
    kind = models.CharField(_("jenis pemohon"), max_length=15, choices=Kind.choices)
    name = models.CharField(_("nama"), max_length=200)
    id_number = models.CharField(_("NIK / NIB"), max_length=20)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    address = models.TextField(_("alamat"), blank=True)
    tracking = models.CharField(_("nomor lacak"), max_length=20, unique=True)
    filed_at = models.DateTimeField(_("diajukan"))

    class Meta:
        verbose_name = _("permohonan masyarakat")
        verbose_name_plural = _("permohonan masyarakat")

    def __str__(self) -> str:
        return self.tracking


class AccessCode(models.Model):
    """A one-time code sent to the requester's e-mail that opens the status page. Only its
    keyed digest is kept; it runs out, and a few wrong tries spend it."""

    request = models.ForeignKey(PublicRequest, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kode akses")
        verbose_name_plural = _("kode akses")

    def __str__(self) -> str:
        return f"{self.request} {self.created_at:%Y-%m-%d %H:%M}"


class Attempt(models.Model):
    """One counted attempt (filing, asking for a code, entering one) from one client, for
    the rate limits; old rows are of no use after the longest window."""

    action = models.CharField(max_length=20)
    client = models.CharField(max_length=64, help_text=_("Digest alamat klien, bukan alamatnya."))
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["action", "client", "at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M:%S}"
