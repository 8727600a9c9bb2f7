from django.urls import path

from alur.catalog import authoring_views, views

urlpatterns = [
    path("sop/", views.sop_list, name="sop_list"),
    path("sop/<int:pk>/", views.sop_detail, name="sop_detail"),
    path("sop/<int:pk>/versi/<int:number>/cetak/", views.sop_print, name="sop_print"),
    path("sop/<int:pk>/versi/<int:number>/cetak.pdf", views.sop_print_pdf, name="sop_print_pdf"),
    path("sop/<int:pk>/versi/<int:number>/bpmn/", views.sop_bpmn, name="sop_bpmn"),
    # The office administrator's SOP pages.
    path("pengaturan/sop/", authoring_views.sop_settings_list, name="sop_settings"),
    path("pengaturan/sop/baru/", authoring_views.sop_settings_new, name="sop_settings_new"),
    path(
        "pengaturan/sop/<int:pk>/banding/",
        authoring_views.sop_settings_compare,
        name="sop_settings_compare",
    ),
    path(
        "pengaturan/sop/<int:pk>/lajur/",
        authoring_views.sop_settings_lanes,
        name="sop_settings_lanes",
    ),
    path(
        "pengaturan/sop/<int:pk>/versi/<int:number>/",
        authoring_views.sop_settings_version,
        name="sop_settings_version",
    ),
    path(
        "pengaturan/sop/<int:pk>/versi/<int:number>/ubah/",
        authoring_views.sop_settings_edit,
        name="sop_settings_edit",
    ),
    path(
        "pengaturan/sop/<int:pk>/versi/<int:number>/periksa/",
        authoring_views.sop_settings_check,
        name="sop_settings_check",
    ),
    path(
        "pengaturan/sop/<int:pk>/versi/<int:number>/<slug:move>/",
        authoring_views.sop_settings_move,
        name="sop_settings_move",
    ),
]
