from django.urls import path

from . import views

app_name = "advisor"

urlpatterns = [
    path("me/", views.dashboard, name="dashboard"),
    path("me/onboarding/<slug:step>/", views.onboarding, name="onboarding"),
    path("me/skills/from-text/", views.skills_from_text, name="skills-from-text"),
    path("me/skills/from-job/", views.skills_from_job, name="skills-from-job"),
    path("search/occupations/", views.occupation_search, name="occupation-search"),
    path("search/skills/", views.skill_search, name="skill-search"),
    path("roles/", views.roles, name="roles"),
    path("roles/<int:pk>/", views.role_detail, name="role"),
    path("occupations/<int:pk>/transitions/", views.transitions, name="transitions"),
    path("plans/", views.plan_request, name="plan-request"),
    path("assessments/", views.history, name="history"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/status/", views.assessment_status, name="assessment-status"),
    path("assessments/<int:pk>/reassess/", views.reassess, name="reassess"),
    path("assessments/<int:pk>/switch/", views.switch_path, name="switch-path"),
    path("steps/<int:pk>/status/", views.step_status, name="step-status"),
]
