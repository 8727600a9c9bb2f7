from django.urls import path

from alur.operations import views

urlpatterns = [
    path("health/", views.health_live, name="health_live"),
    path("health/ready", views.health_ready, name="health_ready"),
    path("metrics", views.metrics, name="metrics"),
]
