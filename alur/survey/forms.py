"""The forms of the survey's pages; the services check the same again (the one door)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alur.survey.elements import AGES, EDUCATIONS, ELEMENTS, GENDERS, OCCUPATIONS
from alur.survey.models import FollowUp
from alur.survey.services import SUGGESTION_LONGEST, Answers

_PICK = _("Pilih salah satu dari empat jawaban.")


class ResponseForm(forms.Form):
    """The nine questions (each its four answers, worded as the regulation words them), the
    optional profile and the suggestion."""

    gender = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=[("", "—"), *GENDERS], required=False
    )
    education = forms.ChoiceField(
        label=_("Pendidikan"), choices=[("", "—"), *EDUCATIONS], required=False
    )
    occupation = forms.ChoiceField(
        label=_("Pekerjaan"), choices=[("", "—"), *OCCUPATIONS], required=False
    )
    age = forms.ChoiceField(label=_("Usia"), choices=[("", "—"), *AGES], required=False)
    suggestion = forms.CharField(
        label=_("Saran dan masukan"),
        required=False,
        max_length=SUGGESTION_LONGEST,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for element in ELEMENTS:
            self.fields[element.code] = forms.TypedChoiceField(
                label=f"{element.number}. {element.question}",
                choices=[(str(value), word) for value, word in enumerate(element.words, 1)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _PICK, "invalid_choice": _PICK},
            )

    def element_fields(self) -> list[forms.BoundField]:
        return [self[element.code] for element in ELEMENTS]

    def profile_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("gender", "education", "occupation", "age")]

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            scores={element.code: data[element.code] for element in ELEMENTS},
            gender=data["gender"],
            education=data["education"],
            occupation=data["occupation"],
            age=data["age"],
            suggestion=data["suggestion"],
        )


class FollowUpForm(forms.Form):
    action = forms.CharField(label=_("Tindak lanjut"), max_length=500)
    responsible = forms.CharField(label=_("Penanggung jawab"), max_length=200)
    target = forms.DateField(
        label=_("Target selesai"),
        input_formats=["%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": _("Tulis tanggal sebagai hh-bb-tttt, mis. 31-12-2026.")},
    )
    element = forms.ChoiceField(
        label=_("Unsur"),
        required=False,
        choices=[("", _("Semua unsur")), *((e.code, e.name) for e in ELEMENTS)],
    )
    sop = forms.SlugField(label=_("SOP"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=FollowUp.Status.choices, initial=FollowUp.Status.PLANNED
    )
    note = forms.CharField(label=_("Catatan"), required=False, max_length=2000)
