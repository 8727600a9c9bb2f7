from django.urls import path

from alur.deadlines import views

urlpatterns = [
    path(
        "permohonan/<int:pk>/tenggat/<int:task_pk>/",
        views.due_extend,
        name="due_extend",
    ),
    path(
        "permohonan/<int:pk>/batas-layanan/",
        views.service_extend,
        name="service_extend",
    ),
]
