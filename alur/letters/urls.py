from django.urls import path

from alur.letters import views

urlpatterns = [
    path(
        "permohonan/<int:pk>/langkah/<int:step>/surat/",
        views.letter_generate,
        name="letter_generate",
    ),
    path(
        "permohonan/<int:pk>/penolakan/surat/",
        views.refusal_letter_generate,
        name="refusal_letter_generate",
    ),
    path(
        "permohonan/<int:pk>/langkah/<int:step>/srikandi/",
        views.letter_reference,
        name="letter_reference",
    ),
]
