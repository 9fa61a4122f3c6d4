"""Every model is curated in the admin, by staff only."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)
OUR_APPS = {"accounts", "skills", "courses", "advisor", "counselling"}


def test_every_model_of_our_apps_is_in_the_admin():
    from django.apps import apps

    ours = {
        (m._meta.app_label, m._meta.model_name)
        for m in apps.get_models()
        if m._meta.app_label in OUR_APPS
    }
    assert ours <= set(MODELS), f"not in the admin: {sorted(ours - set(MODELS))}"


@pytest.mark.parametrize(("app_label", "model_name"), MODELS)
def test_staff_can_open_list_and_add_pages(client, staff_user, app_label, model_name):
    client.force_login(staff_user)
    changelist = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert changelist.status_code == 200
    model_admin = admin.site._registry[
        next(
            m
            for m in admin.site._registry
            if m._meta.model_name == model_name and m._meta.app_label == app_label
        )
    ]
    if model_admin.has_add_permission(changelist.wsgi_request):
        add = client.get(reverse(f"admin:{app_label}_{model_name}_add"))
        assert add.status_code == 200


def test_job_seeker_is_refused_the_admin(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:courses_resource_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_counsellor_is_refused_the_admin(client, counsellor):
    client.force_login(counsellor)
    response = client.get(reverse("admin:advisor_profile_changelist"))
    assert response.status_code == 302


def test_signed_out_visitor_is_refused_the_admin(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
