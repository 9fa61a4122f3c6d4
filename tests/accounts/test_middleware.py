"""The preferred language comes from the session: probes and anonymous visitors read nothing."""

import pytest

from accounts.middleware import LANGUAGE_SESSION_KEY


@pytest.mark.django_db
def test_health_probe_reads_nothing_from_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_health_probe_with_a_signed_in_browser_reads_nothing(
    client, user, django_assert_num_queries
):
    client.force_login(user)
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_anonymous_log_in_page_reads_nothing_from_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/accounts/login/").status_code == 200


@pytest.mark.django_db
def test_saved_language_is_copied_into_the_session_at_log_in(client, user):
    user.preferred_language = "fr"
    user.save()
    client.force_login(user)
    assert client.session[LANGUAGE_SESSION_KEY] == "fr"
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="fr">' in page.content.decode()


@pytest.mark.django_db
def test_changing_language_in_settings_takes_effect_on_the_next_page(client, user):
    user.preferred_language = "en"
    user.save()
    client.force_login(user)
    assert "My profile" in client.get("/me/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.post("/accounts/language/", {"language": "fr", "next": "/me/"})
    client.cookies.pop("django_language", None)  # the session alone must carry the choice
    page = client.get("/me/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="fr">' in page and "Mon profil" in page
    client.post("/accounts/language/", {"language": "en", "next": "/me/"})
    client.cookies.pop("django_language", None)
    assert "My profile" in client.get("/me/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()


@pytest.mark.django_db
def test_log_out_forgets_the_language_with_the_session(client, user):
    user.preferred_language = "fr"
    user.save()
    client.force_login(user)
    client.post("/accounts/logout/")
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in page
