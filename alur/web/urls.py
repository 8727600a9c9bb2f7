"""The shell's own pages: signing in and out, a forgotten password, the language, and the home
page."""

from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from alur.offices import oidc
from alur.offices.signin import SignInView
from alur.web.forgotten import password_forgot

urlpatterns = [
    # Django's sign-in, slowed down after failures (alur/offices/throttle.py).
    path("masuk/", SignInView.as_view(), name="login"),
    # Through the installation's identity provider, when it has one (alur/offices/oidc.py).
    path("masuk/sso/", oidc.StartView.as_view(), name="oidc_start"),
    path("masuk/sso/kembali/", oidc.CallbackView.as_view(), name="oidc_callback"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("sandi/lupa/", password_forgot, name="password_forgot"),
    path("bahasa/", include("django.conf.urls.i18n")),
    path("", RedirectView.as_view(pattern_name="inbox", permanent=False), name="home"),
]
