"""Settings for sharing_service: the shared base from the environment plus this service's own."""

from pathlib import Path

from kingdom.env import env_bool, env_int, env_str
from kingdom.settings import service_settings

globals().update(service_settings("sharing", Path(__file__).resolve().parent.parent))

INSTALLED_APPS += ["django.contrib.postgres", "sharing_service.deals"]  # noqa: F821 - defined by service_settings

ROOT_URLCONF = "sharing_service.config.urls"
WSGI_APPLICATION = "sharing_service.config.wsgi.application"

# Write limits per role (kingdom.throttling.RoleScopedThrottle); guests cannot write here at all.
THROTTLE_RATES = {
    "deal_create": {"member": env_str("SHARING_DEAL_CREATE_RATE", "20/hour")},
    "deal_change": {"member": env_str("SHARING_DEAL_CHANGE_RATE", "60/hour")},
    "deal_vote": {"member": env_str("SHARING_VOTE_RATE", "300/hour")},
    "deal_report": {"member": env_str("SHARING_REPORT_RATE", "30/hour")},
}

# Community moderation: this many other members' "종료" requests end a deal, this many
# complaints (wrong price, referral link, spam, ...) hide it until staff review it.
SHARING_EXPIRE_REPORTS_THRESHOLD = env_int("SHARING_EXPIRE_REPORTS_THRESHOLD", 3)
SHARING_HIDE_REPORTS_THRESHOLD = env_int("SHARING_HIDE_REPORTS_THRESHOLD", 5)
# "역대 최저" needs real history: deals from two shares, or prices recorded over this many days.
SHARING_LOWEST_EVER_MIN_DAYS = env_int("SHARING_LOWEST_EVER_MIN_DAYS", 14)

# Tests only (a deploy check refuses it): links and the og:image fetcher may reach 127.0.0.0/8 and
# ::1, so tests can serve shop pages on loopback. Never any other internal address.
SHARING_TEST_ALLOW_LOOPBACK = env_bool("SHARING_TEST_ALLOW_LOOPBACK", False)
