from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .limits import PasswordResetsForEmail, PasswordResetsFromAddress, limited

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("language/", views.language, name="language"),
    path("my-data/", views.my_data, name="my-data"),
    path("my-data/download/", views.my_data_download, name="my-data-download"),
    path("delete/", views.account_delete, name="account-delete"),
    # Each reset request sends an e-mail: limited per client address and per e-mail address.
    path(
        "password_reset/",
        limited(PasswordResetsFromAddress, PasswordResetsForEmail)(
            auth_views.PasswordResetView.as_view()
        ),
        name="password_reset",
    ),
    # Log in/out and password reset keep Django's names (login, logout, password_reset…).
    path("", include("django.contrib.auth.urls")),
]
