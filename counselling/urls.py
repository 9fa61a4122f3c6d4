from django.urls import path

from . import views

app_name = "counselling"

urlpatterns = [
    path("counsellor/", views.caseload, name="caseload"),
    path("counsellor/caseload.csv", views.caseload_csv, name="caseload-csv"),
    path("counsellor/analytics/", views.caseload_analytics, name="analytics"),
    path("counsellor/invitations/", views.invitations, name="invitations"),
    path(
        "counsellor/invitations/<int:invitation_id>/cancel",
        views.invitation_cancel,
        name="invitation-cancel",
    ),
    path("counsellor/clients/<int:client_id>/", views.client_detail, name="client"),
    path("counsellor/clients/<int:client_id>/plan.csv", views.client_plan_csv, name="plan-csv"),
    path("counsellor/clients/<int:client_id>/notes", views.client_note, name="note"),
    path("counsellor/clients/<int:client_id>/path/add", views.client_step_add, name="step-add"),
    path(
        "counsellor/clients/<int:client_id>/path/steps/<int:step_id>/remove",
        views.client_step_remove,
        name="step-remove",
    ),
    path(
        "counsellor/clients/<int:client_id>/path/steps/<int:step_id>/move",
        views.client_step_move,
        name="step-move",
    ),
    path("counsellor/clients/<int:client_id>/path/approve", views.client_approve, name="approve"),
    path(
        "counsellor/clients/<int:client_id>/skills/<int:skill_id>/validate",
        views.client_skill_validate,
        name="skill-validate",
    ),
    path("staff/analytics/", views.staff_analytics, name="staff-analytics"),
    path("me/counsellors/", views.my_counsellors, name="my-counsellors"),
    path("me/counsellors/<int:grant_id>/revoke", views.my_grant_revoke, name="my-grant-revoke"),
    path(
        "me/invitations/<int:invitation_id>/accept",
        views.my_invitation_accept,
        name="my-invitation-accept",
    ),
    path(
        "me/invitations/<int:invitation_id>/decline",
        views.my_invitation_decline,
        name="my-invitation-decline",
    ),
]
