"""Every app's pages under one root: the shell (sign-in, language, home), the case pages and
the apps around them, and the admin, the installation's back door."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("alur.api.urls")),
    path("", include("alur.web.urls")),
    path("", include("alur.offices.urls")),
    path("", include("alur.cases.urls")),
    path("", include("alur.catalog.urls")),
    path("", include("alur.registry.urls")),
    path("", include("alur.letters.urls")),
    path("pemberitahuan/", include("alur.notifications.urls")),
    path("", include("alur.deadlines.urls")),
    path("", include("alur.reports.urls")),
    path("", include("alur.monitoring.urls")),
    path("", include("alur.operations.urls")),
    path("", include("alur.administration.urls")),
    path("", include("alur.public.urls")),
    path("", include("alur.survey.urls")),
    path("", include("alur.webhooks.urls")),
]
