from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import permissions, routers

from advisor import views as advisor_views
from counselling import api as counselling_api
from courses import api as courses_api
from skills import api as skills_api

from . import health


class APIRootView(routers.APIRootView):
    """Lists the endpoints; what each one shows is decided by its own permissions."""

    permission_classes = [permissions.AllowAny]


router = routers.DefaultRouter()
router.APIRootView = APIRootView
router.register("sectors", skills_api.SectorViewSet, basename="sector")
router.register("skills", skills_api.SkillViewSet, basename="skill")
router.register("occupations", skills_api.OccupationViewSet, basename="occupation")
router.register("resources", courses_api.ResourceViewSet, basename="resource")
router.register(
    "counsellor/clients", counselling_api.CounsellorClientViewSet, basename="counsellor-client"
)

urlpatterns = [
    path("", advisor_views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("catalogue/", include("courses.urls")),
    path("", include("counselling.urls")),
    path("api/v1/", include(router.urls)),
    path("", include("advisor.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
