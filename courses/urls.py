from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<int:pk>/", views.resource_detail, name="resource"),
]
