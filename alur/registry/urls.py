from django.urls import path

from alur.registry import views

urlpatterns = [
    path("inventaris/", views.registry, name="registry"),
]
