"""Settings for comment_service: the shared base from the environment plus this service's own."""

from pathlib import Path

from kingdom.settings import service_settings, throttle_rates

globals().update(service_settings("comments", Path(__file__).resolve().parent.parent))

INSTALLED_APPS += ["comment_service.comments"]  # noqa: F821 - defined by service_settings

ROOT_URLCONF = "comment_service.config.urls"
WSGI_APPLICATION = "comment_service.config.wsgi.application"

# kingdom.throttling.RoleScopedThrottle: comment writes per user (guests tighter than members),
# RATE_COMMENT_<SCOPE>_<ROLE>.
THROTTLE_RATES = throttle_rates(
    "comments",
    {
        "comment_create": {"guest": "20/hour", "member": "120/hour"},
        # Reports: members only (guests cannot report).
        "comment_report": {"member": "10/hour"},
        # Edits and deletes, so a script cannot rewrite a thread faster than people read it.
        "comment_edit": {"guest": "30/hour", "member": "120/hour"},
    },
    formerly={
        "COMMENT_CREATE_RATE_GUEST": ("comment_create", "guest"),
        "COMMENT_CREATE_RATE_MEMBER": ("comment_create", "member"),
        "COMMENT_REPORT_RATE_MEMBER": ("comment_report", "member"),
        "COMMENT_EDIT_RATE_GUEST": ("comment_edit", "guest"),
        "COMMENT_EDIT_RATE_MEMBER": ("comment_edit", "member"),
    },
)
