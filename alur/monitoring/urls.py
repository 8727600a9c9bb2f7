from django.urls import path

from alur.monitoring import timeline_views, views

urlpatterns = [
    path("sop/<int:pk>/monitoring/", views.sop_monitoring, name="monitoring_sop"),
    path("monitoring/<int:pk>/", views.record_detail, name="monitoring_record"),
    path("monitoring/<int:pk>/simpan/", views.record_save, name="monitoring_save"),
    path("monitoring/<int:pk>/tandatangan/", views.record_sign, name="monitoring_sign"),
    path("monitoring/<int:pk>/revisi/", views.record_revise, name="monitoring_revise"),
    path("monitoring/<int:pk>/pdf/", views.record_pdf, name="monitoring_pdf"),
    path("monitoring/<int:pk>/xlsx/", views.record_xlsx, name="monitoring_xlsx"),
    path("permohonan/<int:pk>/linimasa/", timeline_views.case_timeline, name="case_timeline"),
    path(
        "permohonan/<int:pk>/linimasa/pdf/",
        timeline_views.case_timeline_pdf,
        name="case_timeline_pdf",
    ),
    path(
        "permohonan/<int:pk>/linimasa/xlsx/",
        timeline_views.case_timeline_xlsx,
        name="case_timeline_xlsx",
    ),
]
