from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import permissions, routers

from advisor import api as advisor_api
from advisor import views as advisor_views
from counselling import api as counselling_api
from courses import api as courses_api
from skills import api as skills_api

from . import api_errors, health


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
    # Advisor routes come before the router so the transitions path wins over occupation detail.
    path(
        "api/v1/occupations/<str:code>/transitions/",
        advisor_api.OccupationTransitionsView.as_view(),
        name="occupation-transitions",
    ),
    path("api/v1/profiles/me/", advisor_api.ProfileMeView.as_view(), name="profile-me"),
    path(
        "api/v1/profiles/me/role-suggestions/",
        advisor_api.RoleSuggestionsView.as_view(),
        name="role-suggestions",
    ),
    path("api/v1/assessments/", advisor_api.AssessmentCreateView.as_view(), name="assessments"),
    path(
        "api/v1/assessments/<int:pk>/",
        advisor_api.AssessmentDetailView.as_view(),
        name="assessment-detail",
    ),
    path("api/v1/path-steps/<int:pk>/", advisor_api.PathStepView.as_view(), name="path-step"),
    path("api/v1/", include(router.urls)),
    path("", include("advisor.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script from a URL: no inline script for the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    # Last: an /api/ address no route above matches. Only with the trailing slash, so an address
    # without it is still redirected to its slashed form (APPEND_SLASH) when that one exists.
    re_path(r"^api/(?P<unmatched>[\s\S]*/)$", api_errors.not_found),
]
