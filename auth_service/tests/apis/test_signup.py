"""POST /api/auth/signup: a new member with a session, or a field-level problem to fix."""

import pytest

from auth_service.accounts import services
from auth_service.accounts.models import User
from auth_service.tests import accounts
from kingdom.tokens import verify_token

pytestmark = pytest.mark.django_db

URL = "/api/auth/signup"


def signup(client, **overrides):
    body = {
        "username": "jjandori",
        "password": accounts.PASSWORD,
        "nickname": "짠돌이",
        "email": "a@example.com",
    }
    body.update(overrides)
    return client.post(URL, {k: v for k, v in body.items() if v is not None}, format="json")


def field_errors(response, status=400):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()["errors"]


def test_signup_creates_a_member_and_signs_them_in(anon):
    response = signup(anon)

    assert response.status_code == 201, response.content
    body = response.json()
    user = User.objects.get(username="jjandori")
    assert body["user"] == {
        "id": user.id,
        "username": "jjandori",
        "nickname": "짠돌이",
        "role": "member",
        "email": "a@example.com",
        "date_joined": body["user"]["date_joined"],
    }
    claims = verify_token(body["access"])
    assert (claims["sub"], claims["role"], claims["nickname"]) == (str(user.id), "member", "짠돌이")
    assert verify_token(body["refresh"], token_type="refresh")["sub"] == str(user.id)
    assert user.check_password(accounts.PASSWORD)


def test_email_is_optional(anon):
    response = signup(anon, email=None)
    assert response.status_code == 201
    assert response.json()["user"]["email"] == ""


def test_the_trailing_slash_spelling_works_too(anon):
    response = anon.post(
        URL + "/", {"username": "slashy", "password": accounts.PASSWORD, "nickname": "슬래시"}, format="json"
    )
    assert response.status_code == 201


def test_usernames_are_unique_whatever_their_case(anon):
    assert signup(anon).status_code == 201
    errors = field_errors(signup(anon, username="JJandori", nickname="다른사람"))
    assert errors == {"username": ["이미 사용 중인 아이디입니다."]}


@pytest.mark.parametrize(
    ("username", "why"),
    [
        ("abc", "too short"),
        ("a" * 21, "too long"),
        ("jj andori", "space"),
        ("짠돌이", "not ASCII"),
        ("jj-andori!", "symbols"),
        ("1jjandori", "starts with a digit"),
        ("admin", "reserved"),
        ("", "blank"),
    ],
)
def test_usernames_follow_the_rules(anon, username, why):
    errors = field_errors(signup(anon, username=username))
    assert list(errors) == ["username"], why


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short1!", "shorter than 8"),
        ("password", "too common"),
        ("8237410956", "entirely numeric"),
        ("jjandori1", "too similar to the username"),
    ],
)
def test_passwords_pass_djangos_validators(anon, password, why):
    errors = field_errors(signup(anon, password=password))
    assert list(errors) == ["password"], why
    assert errors["password"]
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("nickname", "why"),
    [
        ("짠", "too short"),
        ("가" * 13, "too long"),
        ("짠 돌이", "space"),
        ("짠돌이💰", "emoji"),
        ("익명", "reads as the anonymous author"),
        ("익명1", "reads as the first anonymous commenter of a thread"),
        ("글쓴이", "reads as the anonymous post's author in its comments"),
        ("운영자", "reads as staff"),
        ("운영자2", "reads as the second operator"),
        ("친절한관리자", "reads as staff"),
        ("Admin_kim", "reads as staff"),
    ],
)
def test_nicknames_follow_the_rules(anon, nickname, why):
    errors = field_errors(signup(anon, nickname=nickname))
    assert list(errors) == ["nickname"], why


def test_nicknames_are_unique_among_active_accounts(anon):
    user, _ = accounts.member(nickname="Saver")
    errors = field_errors(signup(anon, nickname="saver"))
    assert errors == {"nickname": ["이미 사용 중인 닉네임입니다."]}

    services.user_deactivate(user)
    assert signup(anon, nickname="saver").status_code == 201


def test_a_bad_email_is_a_field_error(anon):
    assert list(field_errors(signup(anon, email="not-an-email"))) == ["email"]


def test_every_missing_field_is_named(anon):
    errors = field_errors(anon.post(URL, {}, format="json"))
    assert set(errors) == {"username", "password", "nickname"}


def test_taken_names_and_a_weak_password_are_named_together(anon):
    accounts.member(username="jjandori", nickname="짠돌이")

    errors = field_errors(signup(anon, password="12345678"))

    assert set(errors) == {"username", "nickname", "password"}


def test_a_race_on_the_same_username_ends_as_a_field_error_not_a_crash(anon, monkeypatch):
    accounts.member(username="racer")
    # Both requests passed the friendly check; the database's unique index decides.
    monkeypatch.setattr(services, "username_taken", lambda *args, **kwargs: False)
    errors = field_errors(signup(anon, username="RACER"))
    assert errors == {"username": ["이미 사용 중인 아이디입니다."]}
    assert User.objects.filter(username__iexact="racer").count() == 1


def test_people_behind_one_shared_address_sign_up_on_their_own_devices(anon, settings):
    # A carrier's shared mobile address: each phone (the front's device cookie) has its own limit,
    # and only the much higher per-address ceiling bounds them together.
    settings.THROTTLE_RATES = {
        **settings.THROTTLE_RATES,
        "signup_device": {"default": "1/hour"},
        "signup_ip": {"default": "4/hour"},
    }
    shared = "198.51.100.44"

    def sign_up(name: str, device: str | None):
        headers = {"HTTP_X_FORWARDED_FOR": shared}
        if device:
            headers["HTTP_X_DEVICE_ID"] = device
        body = {"username": name, "password": accounts.PASSWORD, "nickname": f"폰{name[-2:]}"}
        return anon.post("/api/auth/signup", body, format="json", **headers)

    assert sign_up("phone_a1", "device-a").status_code == 201
    assert sign_up("phone_a2", "device-a").status_code == 429  # the same phone again
    assert sign_up("phone_b1", "device-b").status_code == 201  # a neighbour is not held back
    assert sign_up("phone_c1", "device-c").status_code == 201
    # the address ceiling counts every attempt (four so far): a script dropping its cookie stops here
    ceiling = sign_up("phone_d1", "device-d")
    assert ceiling.status_code == 429
    assert "Retry-After" in ceiling
    assert sign_up("phone_e1", None).status_code == 429
