"""Settings for comment_service: the shared base from the environment plus this service's own."""

from pathlib import Path

from kingdom.env import env_str
from kingdom.settings import service_settings

globals().update(service_settings("comments", Path(__file__).resolve().parent.parent))

INSTALLED_APPS += ["comment_service.comments"]  # noqa: F821 - defined by service_settings

ROOT_URLCONF = "comment_service.config.urls"
WSGI_APPLICATION = "comment_service.config.wsgi.application"

# kingdom.throttling.RoleScopedThrottle: comment writes per user (guests tighter than members).
THROTTLE_RATES = {
    "comment_create": {
        "guest": env_str("COMMENT_CREATE_RATE_GUEST", "20/hour"),
        "member": env_str("COMMENT_CREATE_RATE_MEMBER", "120/hour"),
    },
    # Reports: members only (guests cannot report).
    "comment_report": {"member": env_str("COMMENT_REPORT_RATE_MEMBER", "10/hour")},
    # Edits and deletes, so a script cannot rewrite a thread faster than people read it.
    "comment_edit": {
        "guest": env_str("COMMENT_EDIT_RATE_GUEST", "30/hour"),
        "member": env_str("COMMENT_EDIT_RATE_MEMBER", "120/hour"),
    },
}
