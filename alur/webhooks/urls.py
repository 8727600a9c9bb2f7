from django.urls import path

from alur.webhooks import views

urlpatterns = [
    path("pengaturan/webhook/", views.webhook_list, name="webhook_list"),
    path("pengaturan/webhook/baru/", views.webhook_new, name="webhook_new"),
    path("pengaturan/webhook/<int:pk>/", views.webhook_detail, name="webhook_detail"),
    path("pengaturan/webhook/<int:pk>/aktif/", views.webhook_active, name="webhook_active"),
    path("pengaturan/webhook/<int:pk>/rahasia/", views.webhook_rotate, name="webhook_rotate"),
    path("pengaturan/webhook/<int:pk>/hapus/", views.webhook_delete, name="webhook_delete"),
    path(
        "pengaturan/webhook/<int:pk>/kiriman/<int:delivery_pk>/",
        views.webhook_delivery,
        name="webhook_delivery",
    ),
    path(
        "pengaturan/webhook/<int:pk>/kiriman/<int:delivery_pk>/ulang/",
        views.webhook_redeliver,
        name="webhook_redeliver",
    ),
]
