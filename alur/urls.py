from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("alur.letters.urls")),
    path("", include("alur.web.urls")),
    path("", include("alur.monitoring.urls")),
]
