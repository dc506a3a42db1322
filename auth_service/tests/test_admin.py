"""/admin/auth/: staff find accounts, tell guests from members, deactivate and re-activate them."""

import pytest
from django.core.management import call_command
from django.test import Client

from auth_service.accounts.models import User
from auth_service.tests import accounts

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/auth/accounts/user/"


@pytest.fixture
def admin_client():
    operator = User.objects.create_superuser(username="operator", password="x", nickname="관리자1")
    client = Client()
    client.force_login(operator)
    return client


def refresh_status(token):
    return Client().post("/api/auth/refresh", {"refresh": token}, content_type="application/json").status_code


def listed_ids(response):
    return {user.id for user in response.context["cl"].result_list}


def test_staff_filter_guests_from_members(admin_client):
    member, _ = accounts.member()
    guest, _ = accounts.guest()

    guests = admin_client.get(CHANGELIST, {"role__exact": "guest"})
    members = admin_client.get(CHANGELIST, {"role__exact": "member"})

    assert guests.status_code == 200
    assert listed_ids(guests) == {guest.id}
    assert listed_ids(members) == {member.id}


def test_staff_search_by_nickname_username_or_email(admin_client):
    wanted, _ = accounts.member(username="findme", nickname="찾는사람", email="find@example.com")
    accounts.member()

    for query in ("찾는사람", "FINDME", "find@example"):
        assert listed_ids(admin_client.get(CHANGELIST, {"q": query})) == {wanted.id}, query


def test_the_deactivate_action_also_ends_the_users_sessions(admin_client):
    user, pair = accounts.member()

    response = admin_client.post(CHANGELIST, {"action": "deactivate", "_selected_action": [user.id]})

    assert response.status_code == 302
    assert not accounts.reload(user).is_active
    assert refresh_status(pair.refresh) == 401


def test_the_reactivate_action_lets_the_user_log_in_again_but_old_sessions_stay_ended(admin_client):
    user, before = accounts.member(username="comeback")
    admin_client.post(CHANGELIST, {"action": "deactivate", "_selected_action": [user.id]})

    admin_client.post(CHANGELIST, {"action": "reactivate", "_selected_action": [user.id]})

    assert accounts.reload(user).is_active
    assert refresh_status(before.refresh) == 401
    login = Client().post(
        "/api/auth/login",
        {"username": "comeback", "password": accounts.PASSWORD},
        content_type="application/json",
    )
    assert login.status_code == 200


def test_reactivation_refuses_a_nickname_taken_meanwhile(admin_client):
    user, _ = accounts.member(nickname="돌아온닉")
    admin_client.post(CHANGELIST, {"action": "deactivate", "_selected_action": [user.id]})
    accounts.member(nickname="돌아온닉")

    response = admin_client.post(
        CHANGELIST, {"action": "reactivate", "_selected_action": [user.id]}, follow=True
    )

    assert not accounts.reload(user).is_active
    assert "돌아온닉" in response.content.decode()


def test_unticking_active_on_the_form_ends_the_users_sessions(admin_client):
    user, pair = accounts.member(username="formuser", nickname="폼사용자")
    form = {
        "username": "formuser",
        "nickname": "폼사용자",
        "email": "",
        "is_staff": "",
        "is_active": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "00:00:00",
    }

    response = admin_client.post(f"{CHANGELIST}{user.id}/change/", form)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not accounts.reload(user).is_active
    assert refresh_status(pair.refresh) == 401


def test_making_someone_staff_gives_their_tokens_the_staff_role(admin_client):
    user, _ = accounts.member(username="newstaff", nickname="새운영")
    form = {"username": "newstaff", "nickname": "새운영", "email": "", "is_staff": "on", "is_active": "on"}

    admin_client.post(f"{CHANGELIST}{user.id}/change/", form)

    assert accounts.reload(user).role == "staff"


def test_a_password_set_by_staff_ends_the_users_sessions(admin_client):
    user, pair = accounts.member()
    new = "운영자가-정한-비번-42"

    response = admin_client.post(
        f"{CHANGELIST}{user.id}/password/", {"password1": new, "password2": new, "usable_password": "true"}
    )

    assert response.status_code == 302
    assert refresh_status(pair.refresh) == 401


def change_form(user, **changes):
    form = {
        "username": user.username or "",
        "nickname": user.nickname,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    return {**form, **changes}


def form_errors(response):
    return response.context["adminform"].form.errors


def test_a_guest_can_be_edited_and_deactivated_on_the_form(admin_client):
    guest, pair = accounts.guest(nickname="지나가던손님")

    response = admin_client.post(f"{CHANGELIST}{guest.id}/change/", change_form(guest, is_active=""))

    assert response.status_code == 302, form_errors(response)
    assert not accounts.reload(guest).is_active
    assert refresh_status(pair.refresh) == 401


def test_a_member_keeps_a_username(admin_client):
    user, _ = accounts.member(username="keepname")

    response = admin_client.post(f"{CHANGELIST}{user.id}/change/", change_form(user, username=""))

    assert response.status_code == 200
    assert "아이디가 있어야" in form_errors(response)["username"][0]
    assert accounts.reload(user).username == "keepname"


def test_taken_names_are_form_errors_in_plain_words(admin_client):
    accounts.member(username="taken_one", nickname="먼저쓴닉")
    user, _ = accounts.member(username="renamer", nickname="바꿀사람")

    by_case = admin_client.post(f"{CHANGELIST}{user.id}/change/", change_form(user, username="TAKEN_ONE"))
    nickname = admin_client.post(f"{CHANGELIST}{user.id}/change/", change_form(user, nickname="먼저쓴닉"))

    assert "이미 사용 중인 아이디" in str(form_errors(by_case))
    assert form_errors(nickname)["nickname"] == ["이미 사용 중인 닉네임입니다."]
    assert accounts.reload(user).nickname == "바꿀사람"


def test_adding_a_member_with_a_taken_nickname_is_a_form_error(admin_client):
    accounts.member(nickname="먼저쓴닉")
    password = "운영자가-정한-비번-42"
    form = {
        "username": "added_by_staff",
        "nickname": "먼저쓴닉",
        "password1": password,
        "password2": password,
    }

    response = admin_client.post(f"{CHANGELIST}add/", form)

    assert response.status_code == 200
    assert form_errors(response)["nickname"] == ["이미 사용 중인 닉네임입니다."]
    assert not User.objects.filter(username="added_by_staff").exists()


def test_ensure_superuser_makes_a_staff_operator(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "admin")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "first-admin-password-9")

    call_command("ensure_superuser", verbosity=0)
    call_command("ensure_superuser", verbosity=0)  # idempotent

    admin = User.objects.get(username="admin")
    assert (admin.is_superuser, admin.is_staff, admin.role, admin.nickname) == (True, True, "staff", "운영자")
    assert Client().login(username="ADMIN", password="first-admin-password-9")


def test_a_second_environment_superuser_gets_a_free_operator_nickname(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "first-admin-password-9")
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "admin")
    call_command("ensure_superuser", verbosity=0)

    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "operator2")  # the operators renamed it in the env
    call_command("ensure_superuser", verbosity=0)

    operators = User.objects.filter(is_superuser=True).order_by("id")
    assert [(u.username, u.nickname, u.role) for u in operators] == [
        ("admin", "운영자", "staff"),
        ("operator2", "운영자2", "staff"),
    ]


def test_a_nickname_staff_gave_the_environment_superuser_is_kept(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "admin")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "first-admin-password-9")
    call_command("ensure_superuser", verbosity=0)
    User.objects.filter(username="admin").update(nickname="밤의운영자")

    call_command("ensure_superuser", verbosity=0)  # the next deploy

    assert User.objects.get(username="admin").nickname == "밤의운영자"


def test_staff_see_social_links_but_cannot_remove_the_last_way_someone_signs_in(admin_client):
    from auth_service.social.models import SocialLink

    user, _ = accounts.member()
    link = SocialLink.objects.create(user=user, provider="kakao", subject="123456")
    listing = admin_client.get("/admin/auth/social/sociallink/", {"q": "123456"})
    assert listing.status_code == 200
    assert [row.pk for row in listing.context["cl"].result_list] == [link.pk]
    assert (
        admin_client.post(f"/admin/auth/social/sociallink/{link.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert admin_client.get("/admin/auth/social/sociallink/add/").status_code == 403
    assert SocialLink.objects.filter(pk=link.pk).exists()


def test_admin_labels_are_korean(admin_client):
    accounts.member()
    # (login lockouts live in the shared cache now, with no admin page of their own)
    pages = {
        path: admin_client.get(path).content.decode()
        for path in (CHANGELIST, "/admin/auth/accounts/issuedrefreshtoken/")
    }

    for page in pages.values():
        for english in ("Jti", "Family", "Expires at", "Revoked at", "Failures", "Locked until", "Username"):
            assert english not in page
    assert "폐기 사유" in pages["/admin/auth/accounts/issuedrefreshtoken/"]
