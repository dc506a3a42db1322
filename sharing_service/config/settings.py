"""Settings for sharing_service: the shared base from the environment plus this service's own."""

from pathlib import Path

from kingdom.env import env_bool, env_int
from kingdom.settings import service_settings, throttle_rates

globals().update(service_settings("sharing", Path(__file__).resolve().parent.parent))

INSTALLED_APPS += ["django.contrib.postgres", "sharing_service.deals"]  # noqa: F821 - defined by service_settings

# One name for the hot/cold choice the vote input and `my_vote` share.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {"VoteValueEnum": [(1, 1), (-1, -1)]}  # noqa: F821 - defined by service_settings

ROOT_URLCONF = "sharing_service.config.urls"
WSGI_APPLICATION = "sharing_service.config.wsgi.application"

# Write limits per role (kingdom.throttling.RoleScopedThrottle, RATE_SHARING_<SCOPE>_<ROLE>); guests
# cannot write here at all.
THROTTLE_RATES = throttle_rates(
    "sharing",
    {
        "deal_create": {"member": "20/hour"},
        "deal_change": {"member": "60/hour"},
        "deal_vote": {"member": "300/hour"},
        "deal_report": {"member": "30/hour"},
    },
    formerly={
        "SHARING_DEAL_CREATE_RATE": ("deal_create", "member"),
        "SHARING_DEAL_CHANGE_RATE": ("deal_change", "member"),
        "SHARING_VOTE_RATE": ("deal_vote", "member"),
        "SHARING_REPORT_RATE": ("deal_report", "member"),
    },
)

# Community moderation: this many other members' "종료" requests end a deal, this many
# complaints (wrong price, referral link, spam, ...) hide it until staff review it.
SHARING_EXPIRE_REPORTS_THRESHOLD = env_int("SHARING_EXPIRE_REPORTS_THRESHOLD", 3)
SHARING_HIDE_REPORTS_THRESHOLD = env_int("SHARING_HIDE_REPORTS_THRESHOLD", 5)
# "역대 최저" needs real history: deals from two shares, or prices recorded over this many days.
SHARING_LOWEST_EVER_MIN_DAYS = env_int("SHARING_LOWEST_EVER_MIN_DAYS", 14)
# "My deal reached the hot list" (notification events, deals/events.py): a live deal among the
# first this many of sort=hot (the home page's 지금 뜨는 핫딜 shows 6) with at least this score.
SHARING_HOT_LIST_SIZE = env_int("SHARING_HOT_LIST_SIZE", 6)
SHARING_HOT_MIN_SCORE = env_int("SHARING_HOT_MIN_SCORE", 1)

# Tests only (a deploy check refuses it): links and the og:image fetcher may reach 127.0.0.0/8 and
# ::1, so tests can serve shop pages on loopback. Never any other internal address.
SHARING_TEST_ALLOW_LOOPBACK = env_bool("SHARING_TEST_ALLOW_LOOPBACK", False)
