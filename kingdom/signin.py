"""Password guessing, refused the same way at every door: auth's API login and every service's
Django admin login (:class:`GuardedAdminAuthenticationForm`, installed by ``kingdom.apps``).

Three counters in the shared cache (Valkey: every worker and pod of a service counts together):

- **username + address**: ``LOGIN_LOCKOUT_FAILURES`` (5) failures within ``LOGIN_LOCKOUT_MINUTES``
  (15) lock that pair for as long, even against the right password. The guesser's address stays
  locked; the owner, signing in from anywhere else, is not (OWASP's advice against lockouts that
  anyone can trigger).
- **username alone**: past ``LOGIN_DELAY_AFTER_FAILURES`` (10) failures from any addresses within
  the window, each further attempt for that username waits a delay doubling from one second up to
  ``LOGIN_DELAY_MAX_SECONDS`` (30) after the last failure: guessing from many addresses is slowed to
  one try per half minute, while the owner waits seconds at most, never a quarter of an hour.
- **address**: ``THROTTLE_RATES["login_ip"]`` (``RATE_<SERVICE>_LOGIN_IP``, 30/min) attempts whatever
  the username (kingdom.throttling; auth's API login shares the counter, ``throttle:login_ip:<address>``).

Unknown usernames count exactly like real ones (no enumeration); a success clears the pair and the
username's failures. Counting is read-modify-write on the cache: a burst of simultaneous guesses may
get one or two more tries than the limit, never an unbounded number.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache

from kingdom.addresses import client_address
from kingdom.text import wait_phrase
from kingdom.throttling import AddressThrottle

LOCKED = "locked"
SLOW_DOWN = "slow_down"
THROTTLED = "throttled"


@dataclass
class SignInRefused(Exception):
    """This attempt is refused before the password is looked at; retry in ``retry_after`` seconds."""

    retry_after: int
    reason: str  # LOCKED, SLOW_DOWN or THROTTLED

    @property
    def message(self) -> str:
        wait = wait_phrase(self.retry_after)
        if self.reason == LOCKED:
            return f"로그인 실패가 많아 이 곳에서의 로그인이 잠겼습니다. {wait} 뒤에 다시 시도해 주세요."
        return f"로그인 시도가 너무 많습니다. {wait} 뒤에 다시 시도해 주세요."


def _now() -> float:
    return time.time()


def _typed(username: str) -> str:
    # Whatever was typed (a NUL byte, any length) becomes a fixed-size key; case does not matter.
    return hashlib.sha256((username or "").strip().lower().encode("utf-8", "surrogatepass")).hexdigest()


def _window() -> int:
    return settings.LOGIN_LOCKOUT_MINUTES * 60


def _pair_key(username: str, address: str) -> str:
    return f"signin:pair:{_typed(username)}:{address}"


def _user_key(username: str) -> str:
    return f"signin:user:{_typed(username)}"


def _fresh(entry: dict | None, now: float) -> dict:
    if entry and entry.get("until", 0) > now:
        return entry
    return {"failures": 0, "until": now + _window(), "last": 0.0, "locked_until": 0.0}


def _delay(failures: int) -> float:
    over = failures - settings.LOGIN_DELAY_AFTER_FAILURES
    if over <= 0:
        return 0.0
    return float(min(2 ** (over - 1), settings.LOGIN_DELAY_MAX_SECONDS))


def signin_check(username: str, address: str) -> None:
    """Raise :class:`SignInRefused` while this username may not be tried from this address."""
    now = _now()
    entries = cache.get_many([_pair_key(username, address), _user_key(username)])
    pair = entries.get(_pair_key(username, address))
    if pair and pair.get("locked_until", 0) > now:
        raise SignInRefused(math.ceil(pair["locked_until"] - now), LOCKED)
    user = entries.get(_user_key(username))
    if user and user.get("until", 0) > now:
        ready_at = user["last"] + _delay(user["failures"])
        if ready_at > now:
            raise SignInRefused(max(1, math.ceil(ready_at - now)), SLOW_DOWN)


def signin_failed(username: str, address: str) -> SignInRefused | None:
    """Count a wrong password; return the refusal when this failure locks the pair."""
    now = _now()
    pair_key, user_key = _pair_key(username, address), _user_key(username)
    entries = cache.get_many([pair_key, user_key])
    pair, user = _fresh(entries.get(pair_key), now), _fresh(entries.get(user_key), now)
    pair["failures"] += 1
    user["failures"] += 1
    user["last"] = now
    locks = pair["failures"] >= settings.LOGIN_LOCKOUT_FAILURES
    if locks:
        # The lock lasts a window; counting starts afresh when it ends.
        pair = {"failures": 0, "until": now + _window(), "last": now, "locked_until": now + _window()}
    cache.set_many({pair_key: pair, user_key: user}, timeout=_window() + 1)
    return SignInRefused(_window(), LOCKED) if locks else None


def signin_succeeded(username: str, address: str) -> None:
    """The right password: this pair's and this username's failures are forgotten."""
    cache.delete_many([_pair_key(username, address), _user_key(username)])


class LoginAddressThrottle(AddressThrottle):
    """Login attempts per client address, whatever the username (``THROTTLE_RATES["login_ip"]``)."""

    scope = "login_ip"


class GuardedAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin login of every service, behind the same guard as auth's API login."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request)
        throttle = LoginAddressThrottle()
        if not throttle.allow_request(self.request, None):
            refused = SignInRefused(max(1, math.ceil(throttle.wait() or 1)), THROTTLED)
            raise forms.ValidationError(refused.message, code="throttled")
        try:
            signin_check(username, address)
        except SignInRefused as refused:
            raise forms.ValidationError(refused.message, code=refused.reason) from refused
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            locked = signin_failed(username, address)
            if locked:
                raise forms.ValidationError(locked.message, code=LOCKED) from None
            raise
        signin_succeeded(username, address)
        return cleaned
