from django.urls import path

from alur.offices import import_views, structure_views, token_views, twofactor_views, views

urlpatterns = [
    path("pengaturan/pegawai/", views.people_list, name="people_list"),
    path("pengaturan/pegawai/baru/", views.person_new, name="person_new"),
    path("pengaturan/pegawai/impor/", import_views.people_import_page, name="people_import"),
    path("pengaturan/pegawai/<int:pk>/", views.person_detail, name="person_detail"),
    path("pengaturan/pegawai/<int:pk>/ubah/", views.person_edit, name="person_edit"),
    path("pengaturan/pegawai/<int:pk>/aktif/", views.person_active, name="person_active"),
    path("pengaturan/pegawai/<int:pk>/sandi/", views.person_password, name="person_password"),
    path("pengaturan/pegawai/<int:pk>/buka/", views.person_unblock, name="person_unblock"),
    path(
        "pengaturan/pegawai/<int:pk>/dua-langkah/reset/",
        twofactor_views.person_two_factor_reset,
        name="person_two_factor_reset",
    ),
    path("pengaturan/unit/", structure_views.unit_list, name="unit_list"),
    path("pengaturan/unit/baru/", structure_views.unit_form, name="unit_new"),
    path("pengaturan/unit/<int:pk>/", structure_views.unit_form, name="unit_edit"),
    path("pengaturan/peran/", structure_views.role_list, name="role_list"),
    path("pengaturan/peran/baru/", structure_views.role_new, name="role_new"),
    path("pengaturan/peran/<int:pk>/", structure_views.role_detail, name="role_detail"),
    path(
        "pengaturan/peran/<int:pk>/anggota/<int:person_pk>/hapus/",
        structure_views.role_member_remove,
        name="role_member_remove",
    ),
    path("pengaturan/pelimpahan/", structure_views.delegation_list, name="delegation_list"),
    path(
        "pengaturan/pelimpahan/<int:pk>/batal/",
        structure_views.delegation_cancel,
        name="delegation_cancel",
    ),
    path(
        "pengaturan/pelimpahan/<int:pk>/akhiri/",
        structure_views.delegation_end,
        name="delegation_end",
    ),
    path("pengaturan/token/", token_views.token_list, name="token_list"),
    path("pengaturan/token/<int:pk>/cabut/", token_views.token_revoke, name="token_revoke"),
    path(
        "pengaturan/token/akun-sistem/",
        token_views.system_account_new,
        name="system_account_new",
    ),
    path("sandi/ganti/", views.password_change, name="password_change"),
    path("masuk/kode/", twofactor_views.two_factor_verify, name="two_factor_verify"),
    path("akun/", twofactor_views.account, name="account"),
    path("akun/dua-langkah/", twofactor_views.two_factor_setup, name="two_factor_setup"),
    path(
        "akun/dua-langkah/kode-pemulihan/",
        twofactor_views.two_factor_codes,
        name="two_factor_codes",
    ),
    path("akun/dua-langkah/matikan/", twofactor_views.two_factor_off, name="two_factor_off"),
    path("sandi/<str:uidb64>/<str:token>/", views.password_set, name="password_set"),
]
