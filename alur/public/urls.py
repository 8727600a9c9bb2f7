from django.urls import path

from alur.public import views

urlpatterns = [
    path("layanan/", views.offices_list, name="public_offices"),
    path("layanan/<slug:office>/", views.services_list, name="public_services"),
    path("layanan/<slug:office>/<slug:code>/", views.request_new, name="public_request_new"),
    path("lacak/", views.track, name="public_track"),
    path("lacak/<str:tracking>/kode/", views.track_code, name="public_code"),
    path("lacak/<str:tracking>/", views.status, name="public_status"),
    path("lacak/<str:tracking>/langkah/<int:step>/", views.act, name="public_act"),
    path("lacak/<str:tracking>/tarik/", views.withdraw, name="public_withdraw"),
    path("lacak/<str:tracking>/pesan/", views.comment, name="public_comment"),
]
