"""The office administrator's pages for moving an SOP's running cases to another version: the
dry run with the step mapping (by number unless changed), applying it, and the kept reports."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from alur.cases import moving
from alur.cases.models import VersionMove
from alur.catalog.models import Sop, SopVersion
from alur.catalog.services import definition_of, published_version
from alur.common.errors import ServiceError
from alur.offices.auth import office_admin


@dataclass(frozen=True)
class MappingTable:
    """The open steps of the cases on one version, and where each goes."""

    version: SopVersion
    mapping: dict[int, int]
    open: dict[int, str]
    """Open step -> its description on that version."""

    @property
    def rows(self) -> list[tuple[int, str, int | None]]:
        return [(step, name, self.mapping.get(step)) for step, name in sorted(self.open.items())]


def _sop(request: HttpRequest, sop_pk: int) -> Sop:
    _user, office = office_admin(request)
    return get_object_or_404(Sop, pk=sop_pk, office=office)


def _movable_to(sop: Sop) -> QuerySet[SopVersion]:
    """The versions cases may move to: approved or in force, not drafts or withdrawn ones."""
    return sop.versions.filter(status__in=[SopVersion.Status.APPROVED, SopVersion.Status.IN_FORCE])


def _target(sop: Sop, chosen: str | None) -> SopVersion | None:
    """The version asked for, else the one new cases start on, else the newest."""
    versions = _movable_to(sop)
    if chosen:
        try:
            return versions.get(pk=int(chosen))
        except (ValueError, SopVersion.DoesNotExist):
            raise Http404 from None
    return published_version(sop.office, sop.code) or versions.order_by("-number").first()


def _steps(data: QueryDict, target: SopVersion) -> tuple[moving.Steps, list[str]]:
    """The mapping the administrator chose (fields ``peta-<version>-<step>``), with a line for
    each value that is not a step number."""
    steps: dict[int, dict[int, int]] = {}
    errors = []
    for name in data:
        value = data.get(name, "")
        parts = name.split("-")
        if len(parts) != 3 or parts[0] != "peta" or not (parts[1] + parts[2]).isdigit():
            continue
        version, step = int(parts[1]), int(parts[2])
        try:
            steps.setdefault(version, {})[step] = int(value)
        except ValueError:
            errors.append(
                _("Tujuan langkah %(step)s harus nomor langkah versi %(version)s.")
                % {"step": step, "version": target.number}
            )
    return steps, errors


@login_required
def move_cases(request: HttpRequest, sop_pk: int) -> HttpResponse:
    sop = _sop(request, sop_pk)
    data = request.POST if request.method == "POST" else request.GET
    target = _target(sop, data.get("versi"))
    if target is None:
        raise Http404
    steps, errors = _steps(data, target)
    now = timezone.now()
    if request.method == "POST" and "terapkan" in request.POST and not errors:
        user, _office = office_admin(request)
        try:
            run = moving.cases_move(target=target, steps=steps or None, actor=user, at=now)
        except ServiceError as refused:
            errors.append(refused.message)
        else:
            messages.success(
                request,
                _("%(moved)s permohonan dipindahkan ke versi %(version)s; %(stayed)s tetap.")
                % {"moved": run.moved, "stayed": run.stayed, "version": target.number},
            )
            return redirect("move_report", sop_pk=sop.pk, pk=run.pk)
    plan = moving.move_plan(target=target, steps=steps or None, at=now)
    tables: dict[int, MappingTable] = {}
    for line in plan:
        version = line.case.sop_version
        if version.pk not in tables:
            mapping = moving.steps_for(line.case, target, steps)
            tables[version.pk] = MappingTable(version, mapping, {})
        for place in line.places:
            tables[version.pk].open[place.step] = place.name
    context = {
        "sop": sop,
        "target": target,
        "versions": _movable_to(sop).order_by("-number"),
        "target_steps": [(step.no, step.uraian) for step in definition_of(target).langkah],
        "tables": list(tables.values()),
        "plan": plan,
        "movable": sum(1 for line in plan if not line.problem),
        "errors": errors,
        "runs": VersionMove.objects.filter(sop=sop).select_related("target", "actor")[:10],
    }
    status = 422 if errors else 200
    return render(request, "cases/move_cases.html", context, status=status)


@login_required
def move_report(request: HttpRequest, sop_pk: int, pk: int) -> HttpResponse:
    sop = _sop(request, sop_pk)
    run = get_object_or_404(VersionMove.objects.select_related("target", "actor"), pk=pk, sop=sop)
    return render(request, "cases/move_report.html", {"sop": sop, "run": run})
