from django.urls import include, path

from . import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("language/", views.language, name="language"),
    path("my-data/", views.my_data, name="my-data"),
    path("my-data/download/", views.my_data_download, name="my-data-download"),
    path("delete/", views.account_delete, name="account-delete"),
    # Log in/out and password reset keep Django's names (login, logout, password_reset…).
    path("", include("django.contrib.auth.urls")),
]
