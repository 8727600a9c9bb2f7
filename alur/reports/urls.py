from django.urls import path

from alur.reports import views

urlpatterns = [
    path("laporan/", views.reports_home, name="reports_home"),
    path("laporan/<slug:office>/", views.dashboard, name="reports_dashboard"),
    path("laporan/<slug:office>/kinerja.xlsx", views.dashboard_xlsx, name="reports_xlsx"),
    path("laporan/<slug:office>/kinerja.pdf", views.dashboard_pdf, name="reports_pdf"),
    path("laporan/<slug:office>/kasus/", views.cases_behind, name="reports_cases"),
]
