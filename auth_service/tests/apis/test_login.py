"""POST /api/auth/login: a session for the right password; no hints and a lock for the wrong one."""

import time

import pytest

from auth_service.accounts import services
from auth_service.tests import accounts
from kingdom.tokens import verify_token

pytestmark = pytest.mark.django_db

URL = "/api/auth/login"


def login(client, username, password=accounts.PASSWORD, **headers):
    return client.post(URL, {"username": username, "password": password}, format="json", **headers)


@pytest.fixture
def lock_after_three(settings):
    settings.LOGIN_LOCKOUT_FAILURES = 3
    settings.LOGIN_LOCKOUT_MINUTES = 15


@pytest.fixture
def clock(monkeypatch):
    """kingdom.signin's clock, moved forward by ``clock.advance(seconds)``."""

    class Clock:
        now = time.time()

        def advance(self, seconds: float) -> None:
            self.now += seconds

    fake = Clock()
    monkeypatch.setattr("kingdom.signin._now", lambda: fake.now)
    return fake


def test_login_returns_the_user_and_a_fresh_pair(anon):
    user, _ = accounts.member(username="jjandori", nickname="짠돌이")

    response = login(anon, "jjandori")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["user"]["id"] == user.id
    assert body["user"]["nickname"] == "짠돌이"
    assert verify_token(body["access"])["sub"] == str(user.id)
    assert verify_token(body["refresh"], token_type="refresh")["sub"] == str(user.id)
    assert accounts.reload(user).last_login is not None


def test_usernames_match_whatever_their_case(anon):
    accounts.member(username="jjandori")
    assert login(anon, "JJanDori").status_code == 200


def test_wrong_password_and_unknown_username_look_the_same(anon):
    accounts.member(username="jjandori")

    wrong_password = login(anon, "jjandori", "not-the-password")
    unknown_user = login(anon, "nobody_here")

    for response in (wrong_password, unknown_user):
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert wrong_password.json()["detail"] == unknown_user.json()["detail"]


def test_a_deactivated_account_cannot_log_in(anon):
    user, _ = accounts.member(username="jjandori")
    services.user_deactivate(user)
    assert login(anon, "jjandori").status_code == 401


def test_a_guest_has_no_password_to_log_in_with(anon):
    guest, _ = accounts.guest(nickname="손님")
    assert login(anon, str(guest.id), "").status_code == 400
    assert login(anon, "손님", "anything").status_code == 401


def test_missing_fields_are_field_errors(anon):
    response = anon.post(URL, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"username", "password"}


@pytest.mark.usefixtures("lock_after_three")
def test_repeated_failures_lock_the_account_with_retry_after(anon):
    accounts.member(username="jjandori")

    assert login(anon, "jjandori", "wrong-1").status_code == 401
    assert login(anon, "jjandori", "wrong-2").status_code == 401
    locking = login(anon, "jjandori", "wrong-3")
    after = login(anon, "jjandori")  # even the right password waits out the lock

    for response in (locking, after):
        assert response.status_code == 429
        assert response.json()["type"].endswith("account_locked")
        assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    assert "잠겼습니다" in after.json()["detail"]


@pytest.mark.usefixtures("lock_after_three")
def test_the_lock_ends_after_its_time(anon, clock):
    accounts.member(username="jjandori")
    for attempt in range(3):
        login(anon, "jjandori", f"wrong-{attempt}")
    clock.advance(15 * 60 - 5)
    assert login(anon, "jjandori").status_code == 429
    clock.advance(6)

    assert login(anon, "jjandori").status_code == 200


@pytest.mark.usefixtures("lock_after_three")
def test_a_success_forgets_earlier_failures(anon):
    accounts.member(username="jjandori")
    login(anon, "jjandori", "wrong-1")
    login(anon, "jjandori", "wrong-2")
    assert login(anon, "jjandori").status_code == 200

    assert login(anon, "jjandori", "wrong-3").status_code == 401
    assert login(anon, "jjandori", "wrong-4").status_code == 401


@pytest.mark.usefixtures("lock_after_three")
def test_unknown_usernames_lock_like_real_ones(anon):
    for attempt in range(3):
        response = login(anon, "ghost_user", f"wrong-{attempt}")
    assert response.status_code == 429


@pytest.mark.usefixtures("lock_after_three")
def test_failures_spread_over_time_do_not_lock(anon, clock):
    accounts.member(username="jjandori")
    login(anon, "jjandori", "wrong-1")
    login(anon, "jjandori", "wrong-2")
    clock.advance(16 * 60)
    assert login(anon, "jjandori", "wrong-3").status_code == 401


@pytest.mark.usefixtures("lock_after_three")
def test_a_guesser_locks_only_their_own_address_the_owner_still_signs_in(anon):
    # Issue 11 finding 5: five wrong passwords used to lock the username for everyone, the owner too.
    accounts.member(username="jjandori")
    guesser = {"HTTP_X_FORWARDED_FOR": "198.51.100.66"}
    for attempt in range(3):
        login(anon, "jjandori", f"wrong-{attempt}", **guesser)

    still_locked = login(anon, "jjandori", **guesser)  # even the right password, from there
    owner = login(anon, "JJandori", HTTP_X_FORWARDED_FOR="203.0.113.5")

    assert still_locked.status_code == 429
    assert still_locked.json()["type"].endswith("account_locked")
    assert owner.status_code == 200


def test_guessing_one_username_from_many_addresses_is_slowed_down_progressively(anon, settings, clock):
    settings.LOGIN_DELAY_AFTER_FAILURES = 4
    settings.LOGIN_DELAY_MAX_SECONDS = 30
    accounts.member(username="jjandori")

    def guess(n: int):
        return login(anon, "jjandori", f"wrong-{n}", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")

    assert [guess(n).status_code for n in range(1, 5)] == [401] * 4  # four free failures
    first_delay = guess(5)  # the fifth is answered, but the next one must wait
    assert first_delay.status_code == 401
    slowed = guess(6)
    assert slowed.status_code == 429
    assert slowed.json()["type"].endswith("login_delayed")
    assert int(slowed["Retry-After"]) == 1  # one second, doubling with every further failure
    clock.advance(1)
    assert guess(7).status_code == 401
    for n in range(8, 20):  # a patient guesser: the delay grows to its ceiling, never beyond
        clock.advance(60)
        guess(n)
    capped = guess(20)
    assert capped.status_code == 429
    assert int(capped["Retry-After"]) == 30

    clock.advance(30)  # the owner, from an address of their own, waits seconds at most
    assert login(anon, "jjandori", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 200


def test_logins_per_address_are_limited_whatever_the_username(anon, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "login_ip": {"default": "2/min"}}

    assert login(anon, "first_try", HTTP_X_FORWARDED_FOR="198.51.100.9").status_code == 401
    assert login(anon, "second_try", HTTP_X_FORWARDED_FOR="198.51.100.9").status_code == 401
    throttled = login(anon, "third_try", HTTP_X_FORWARDED_FOR="198.51.100.9")

    assert throttled.status_code == 429
    assert "Retry-After" in throttled
    assert login(anon, "third_try", HTTP_X_FORWARDED_FOR="198.51.100.10").status_code == 401


@pytest.mark.parametrize(
    ("username", "status"), [("\x00", 400), ("jj\x00andori", 400), ("짠" * 400, 400), (" 띄어 쓴 이름 ", 401)]
)
def test_whatever_is_typed_as_a_username_gets_an_answer_not_a_crash(anon, username, status):
    # The per-username limit counts what was typed before the input is validated.
    response = login(anon, username)

    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    if status == 400:
        assert "username" in response.json()["errors"]
