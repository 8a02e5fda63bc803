"""Who may use the admin, and inviting a colleague by e-mail."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from tests.conftest import ensure_roles, make_user

pytestmark = pytest.mark.django_db


def sign_in(client, username, password="pw-Secret-123"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_a_role_is_enough_to_sign_in_without_staff_status(client):
    ensure_roles()
    user = get_user_model().objects.create_user("rita", password="pw-Secret-123")
    assert sign_in(client, "rita").status_code == 200  # no role: refused
    user.groups.add(Group.objects.get(name="Reporter"))
    response = sign_in(client, "rita")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    user.refresh_from_db()
    assert not user.is_staff


def test_the_admin_is_named_after_the_publication_with_its_icon(client, editor, settings):
    settings.SITE_NAME = "Neustädter Bote"
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "Neustädter Bote" in html and "Django" not in html
    assert '<link rel="icon" href="/static/img/favicon' in html


def test_an_editor_invites_a_colleague_who_sets_a_password_and_signs_in(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    assert 'href="/admin/invite/"' in client.get("/admin/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the mail goes out on commit
        response = client.post(
            "/admin/invite/",
            {"name": "Anna Berg", "email": "Anna.Berg@Example.org", "role": "Reporter"},
        )
    assert response.status_code == 302
    anna = get_user_model().objects.get(email="Anna.Berg@example.org")
    assert not anna.has_usable_password() and anna.groups.filter(name="Reporter").exists()
    [message] = mail.outbox
    assert message.to == ["Anna.Berg@example.org"] and "Anna" in message.body
    link = re.search(r"http://testserver(/admin/reset/\S+/)", message.body)[1]
    client.logout()
    form = client.get(link, follow=True)
    assert form.status_code == 200
    new = {"new_password1": "Ein-langes-Passwort-42", "new_password2": "Ein-langes-Passwort-42"}
    done = client.post(form.redirect_chain[-1][0] if form.redirect_chain else link, new)
    assert done.status_code == 302
    assert sign_in(client, "anna.berg@example.org", "Ein-langes-Passwort-42").status_code == 302
    # the link works once
    assert client.get(link, follow=True).context["validlink"] is False


def test_an_invitation_to_a_known_address_is_refused_and_sends_nothing(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    get_user_model().objects.create_user("x", email="anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/invite/", {"name": "Anna", "email": "ANNA@example.org", "role": "Editor"}
        )
    assert response.status_code == 200
    assert "hat bereits ein Konto" in response.content.decode()
    assert get_user_model().objects.filter(email__iexact="anna@example.org").count() == 1
    assert not mail.outbox


def test_a_reporter_may_not_invite(client):
    reporter = make_user("rita", "Reporter")
    client.force_login(reporter)
    assert client.get("/admin/invite/").status_code == 403
    response = client.post(
        "/admin/invite/", {"name": "X", "email": "x@example.org", "role": "Editor"}
    )
    assert response.status_code == 403 and not mail.outbox
    assert not get_user_model().objects.filter(email="x@example.org").exists()
