"""Every board rate has its RATE_BOARD_… variable; the former BOARD_RATE_… names work for one release."""

from kingdom.testing.rates import assert_rate_variables, started_with

SETTINGS = "board_service.config.settings"


def test_rates_come_from_rate_variables_and_the_former_names_for_one_release():
    assert_rate_variables(
        SETTINGS,
        names={
            "RATE_BOARD_LOGIN_IP": ("login_ip", "default"),
            "RATE_BOARD_POST_WRITE_GUEST": ("board_post_write", "guest"),
            "RATE_BOARD_POST_WRITE_MEMBER": ("board_post_write", "member"),
            "RATE_BOARD_POST_EDIT_GUEST": ("board_post_edit", "guest"),
            "RATE_BOARD_POST_EDIT_MEMBER": ("board_post_edit", "member"),
            "RATE_BOARD_REACTION_MEMBER": ("board_reaction", "member"),
            "RATE_BOARD_REPORT_MEMBER": ("board_report", "member"),
        },
        formerly={
            "BOARD_RATE_POST_GUEST": ("board_post_write", "guest"),
            "THROTTLE_LOGIN_PER_IP": ("login_ip", "default"),
            "BOARD_RATE_POST_MEMBER": ("board_post_write", "member"),
            "BOARD_RATE_EDIT_GUEST": ("board_post_edit", "guest"),
            "BOARD_RATE_EDIT_MEMBER": ("board_post_edit", "member"),
            "BOARD_RATE_REACTION_MEMBER": ("board_reaction", "member"),
            "BOARD_RATE_REPORT_MEMBER": ("board_report", "member"),
        },
    )


def test_a_rate_that_is_not_a_rate_stops_the_service_at_start_up():
    result = started_with(SETTINGS, {"RATE_BOARD_REPORT_MEMBER": "lots"})

    assert result.returncode != 0
    assert "ImproperlyConfigured: RATE_BOARD_REPORT_MEMBER must be a rate such as 30/min" in result.stderr
