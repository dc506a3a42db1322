"""Every sharing rate has its RATE_SHARING_… variable; the former names work for one release."""

from kingdom.testing.rates import assert_rate_variables


def test_rates_come_from_rate_variables_and_the_former_names_for_one_release():
    assert_rate_variables(
        "sharing_service.config.settings",
        names={
            "RATE_SHARING_LOGIN_IP": ("login_ip", "default"),
            "RATE_SHARING_DEAL_CREATE_MEMBER": ("deal_create", "member"),
            "RATE_SHARING_DEAL_CHANGE_MEMBER": ("deal_change", "member"),
            "RATE_SHARING_DEAL_VOTE_MEMBER": ("deal_vote", "member"),
            "RATE_SHARING_DEAL_REPORT_MEMBER": ("deal_report", "member"),
        },
        formerly={
            "SHARING_DEAL_CREATE_RATE": ("deal_create", "member"),
            "THROTTLE_LOGIN_PER_IP": ("login_ip", "default"),
            "SHARING_DEAL_CHANGE_RATE": ("deal_change", "member"),
            "SHARING_VOTE_RATE": ("deal_vote", "member"),
            "SHARING_REPORT_RATE": ("deal_report", "member"),
        },
    )
