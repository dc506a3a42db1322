"""Settings for board_service: the shared base from the environment plus this service's own."""

from pathlib import Path

from kingdom.env import env_int
from kingdom.settings import service_settings, throttle_rates

globals().update(service_settings("board", Path(__file__).resolve().parent.parent))

INSTALLED_APPS += [  # noqa: F821 - defined by service_settings
    "django.contrib.postgres",
    "board_service.posts",
]

ROOT_URLCONF = "board_service.config.urls"
WSGI_APPLICATION = "board_service.config.wsgi.application"

# --- the board's rules (README: Configuration) -------------------------------------------------
#: a "사도 될까요?" request passes when approvals exceed luxuries by this many
BOARD_APPROVAL_MARGIN = env_int("BOARD_APPROVAL_MARGIN", 3)
#: confessions a member needs in a month to be crowned 거지왕
BOARD_KING_MIN_CONFESSIONS = env_int("BOARD_KING_MIN_CONFESSIONS", 3)
#: unreviewed reports that hide a post until staff review it
BOARD_REPORTS_TO_HIDE = env_int("BOARD_REPORTS_TO_HIDE", 5)
#: a viewer (user id or client IP) adds one view per post per window
BOARD_VIEW_WINDOW_SECONDS = env_int("BOARD_VIEW_WINDOW_SECONDS", 3600)
#: largest amount a post may carry, in 원
BOARD_MAX_AMOUNT = env_int("BOARD_MAX_AMOUNT", 100_000_000)

# Per role (RATE_BOARD_<SCOPE>_<ROLE>); staff and service callers are never limited (kingdom.throttling).
THROTTLE_RATES = throttle_rates(
    "board",
    {
        "board_post_write": {"guest": "5/hour", "member": "30/hour"},
        "board_post_edit": {"guest": "30/hour", "member": "120/hour"},
        "board_reaction": {"member": "60/minute"},
        "board_report": {"member": "10/hour"},
    },
    formerly={
        "BOARD_RATE_POST_GUEST": ("board_post_write", "guest"),
        "BOARD_RATE_POST_MEMBER": ("board_post_write", "member"),
        "BOARD_RATE_EDIT_GUEST": ("board_post_edit", "guest"),
        "BOARD_RATE_EDIT_MEMBER": ("board_post_edit", "member"),
        "BOARD_RATE_REACTION_MEMBER": ("board_reaction", "member"),
        "BOARD_RATE_REPORT_MEMBER": ("board_report", "member"),
    },
)

# One name in the OpenAPI document for the verdict values (input `verdict`, output `my_verdict`).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {"VerdictEnum": "board_service.posts.models.Verdict"}  # noqa: F821
