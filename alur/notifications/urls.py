from django.urls import path

from alur.notifications import views

urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("lonceng/", views.bell, name="notification_bell"),
    path("<int:pk>/dibaca/", views.notification_read, name="notification_read"),
    path("semua-dibaca/", views.notification_read_all, name="notification_read_all"),
    path("pengaturan/", views.notification_preferences, name="notification_preferences"),
]
