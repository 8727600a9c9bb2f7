from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from alur.web.views import cases, pages, requests, sop_print

urlpatterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("bahasa/", include("django.conf.urls.i18n")),
    path("", RedirectView.as_view(pattern_name="inbox", permanent=False), name="home"),
    path("tugas/", pages.inbox, name="inbox"),
    path("permohonan/", cases.case_list, name="case_list"),
    path("permohonan/baru/", requests.case_new, name="case_new"),
    path("permohonan/baru/<slug:code>/", requests.case_new_form, name="case_new_form"),
    path("permohonan/<int:pk>/", cases.case_detail, name="case_detail"),
    path("permohonan/<int:pk>/langkah/<int:step>/", cases.case_act, name="case_act"),
    path(
        "permohonan/<int:pk>/dokumen/<int:document_pk>/",
        cases.document_download,
        name="document_download",
    ),
    path("inventaris/", pages.registry, name="registry"),
    path("sop/", pages.sop_list, name="sop_list"),
    path("sop/<int:pk>/", pages.sop_detail, name="sop_detail"),
    path("sop/<int:pk>/versi/<int:number>/cetak/", sop_print.sop_print, name="sop_print"),
    path(
        "sop/<int:pk>/versi/<int:number>/cetak.pdf", sop_print.sop_print_pdf, name="sop_print_pdf"
    ),
    path("sop/<int:pk>/versi/<int:number>/bpmn/", pages.sop_bpmn, name="sop_bpmn"),
]
