from django.urls import path

from alur.cases import move_views, views

urlpatterns = [
    path("tugas/", views.inbox, name="inbox"),
    path("permohonan/", views.case_list, name="case_list"),
    path("permohonan/baru/", views.case_new, name="case_new"),
    path("permohonan/baru/<slug:code>/", views.case_new_form, name="case_new_form"),
    path("permohonan/<int:pk>/", views.case_detail, name="case_detail"),
    path("permohonan/<int:pk>/langkah/<int:step>/", views.case_act, name="case_act"),
    path(
        "permohonan/<int:pk>/langkah/<int:step>/mulai/",
        views.case_start_view,
        name="case_start",
    ),
    path("permohonan/<int:pk>/tarik/", views.case_withdraw_view, name="case_withdraw"),
    path("permohonan/<int:pk>/komentar/", views.case_comment_view, name="case_comment"),
    path(
        "permohonan/<int:pk>/dokumen/<int:document_pk>/",
        views.document_download,
        name="document_download",
    ),
    path("pengaturan/sop/<int:sop_pk>/pindahkan/", move_views.move_cases, name="move_cases"),
    path(
        "pengaturan/sop/<int:sop_pk>/pindahkan/<int:pk>/",
        move_views.move_report,
        name="move_report",
    ),
]
