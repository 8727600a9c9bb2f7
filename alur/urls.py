from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("alur.letters.urls")),
    path("pemberitahuan/", include("alur.notifications.urls")),
    path("", include("alur.deadlines.urls")),
    path("", include("alur.reports.urls")),
    path("", include("alur.web.urls")),
    path("", include("alur.monitoring.urls")),
]
