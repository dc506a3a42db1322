"""Every comment rate has its RATE_COMMENT_… variable; the former names work for one release."""

from kingdom.testing.rates import assert_rate_variables


def test_rates_come_from_rate_variables_and_the_former_names_for_one_release():
    assert_rate_variables(
        "comment_service.config.settings",
        names={
            "RATE_COMMENT_LOGIN_IP": ("login_ip", "default"),
            "RATE_COMMENT_CREATE_GUEST": ("comment_create", "guest"),
            "RATE_COMMENT_CREATE_MEMBER": ("comment_create", "member"),
            "RATE_COMMENT_EDIT_GUEST": ("comment_edit", "guest"),
            "RATE_COMMENT_EDIT_MEMBER": ("comment_edit", "member"),
            "RATE_COMMENT_REPORT_MEMBER": ("comment_report", "member"),
        },
        formerly={
            "COMMENT_CREATE_RATE_GUEST": ("comment_create", "guest"),
            "THROTTLE_LOGIN_PER_IP": ("login_ip", "default"),
            "COMMENT_CREATE_RATE_MEMBER": ("comment_create", "member"),
            "COMMENT_EDIT_RATE_GUEST": ("comment_edit", "guest"),
            "COMMENT_EDIT_RATE_MEMBER": ("comment_edit", "member"),
            "COMMENT_REPORT_RATE_MEMBER": ("comment_report", "member"),
        },
    )
