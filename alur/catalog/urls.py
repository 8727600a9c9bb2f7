from django.urls import path

from alur.catalog import views

urlpatterns = [
    path("sop/", views.sop_list, name="sop_list"),
    path("sop/<int:pk>/", views.sop_detail, name="sop_detail"),
    path("sop/<int:pk>/versi/<int:number>/cetak/", views.sop_print, name="sop_print"),
    path("sop/<int:pk>/versi/<int:number>/cetak.pdf", views.sop_print_pdf, name="sop_print_pdf"),
    path("sop/<int:pk>/versi/<int:number>/bpmn/", views.sop_bpmn, name="sop_bpmn"),
]
