from django.urls import path

from alur.survey import views

urlpatterns = [
    path("skm/<str:token>/", views.survey_link, name="survey_link"),
    path("permohonan/<int:pk>/skm/", views.survey_case, name="survey_case"),
    path("laporan/<slug:office>/skm/", views.survey_report, name="survey_report"),
    path("laporan/<slug:office>/skm.xlsx", views.survey_report_xlsx, name="survey_xlsx"),
    path("laporan/<slug:office>/skm.pdf", views.survey_report_pdf, name="survey_pdf"),
    path(
        "laporan/<slug:office>/skm/tindak-lanjut/",
        views.follow_up_save,
        name="survey_follow_up_add",
    ),
    path(
        "laporan/<slug:office>/skm/tindak-lanjut/<int:pk>/",
        views.follow_up_save,
        name="survey_follow_up_change",
    ),
]
