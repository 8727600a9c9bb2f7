from django.urls import path

from alur.administration import views

urlpatterns = [
    path("pengaturan/", views.settings_home, name="settings_home"),
    path("pengaturan/kantor/", views.settings_office, name="settings_office"),
    path("pengaturan/kantor/hari/", views.settings_day_add, name="settings_day_add"),
    path(
        "pengaturan/kantor/hari/<int:pk>/hapus/",
        views.settings_day_remove,
        name="settings_day_remove",
    ),
    path("pengaturan/kop-surat/", views.settings_letterhead, name="settings_letterhead"),
    path(
        "pengaturan/kop-surat/contoh.pdf",
        views.settings_letterhead_preview,
        name="settings_letterhead_preview",
    ),
    path("pengaturan/riwayat/", views.settings_log, name="settings_log"),
    path("mulai/<str:token>/", views.first_run_page, name="first_run"),
]
