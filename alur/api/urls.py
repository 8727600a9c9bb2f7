from django.urls import path

from alur.api.api import api

urlpatterns = [path("api/v1/", api.urls)]
