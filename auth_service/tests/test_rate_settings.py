"""Every auth rate has its RATE_AUTH_… variable; the former THROTTLE_… names work for one release."""

from kingdom.testing.rates import assert_rate_variables


def test_rates_come_from_rate_variables_and_the_former_names_for_one_release():
    assert_rate_variables(
        "auth_service.config.settings",
        names={
            "RATE_AUTH_LOGIN_IP": ("login_ip", "default"),
            "RATE_AUTH_SIGNUP_DEVICE": ("signup_device", "default"),
            "RATE_AUTH_SIGNUP_IP": ("signup_ip", "default"),
            "RATE_AUTH_GUEST_DEVICE": ("guest_device", "default"),
            "RATE_AUTH_GUEST_IP": ("guest_ip", "default"),
            "RATE_AUTH_PASSWORD_USER": ("password_user", "default"),
            "RATE_AUTH_SERVICE_TOKEN_IP": ("service_token_ip", "default"),
        },
        formerly={
            "THROTTLE_LOGIN_PER_IP": ("login_ip", "default"),
            "THROTTLE_SIGNUP_PER_DEVICE": ("signup_device", "default"),
            "THROTTLE_SIGNUP_PER_IP": ("signup_ip", "default"),
            "THROTTLE_GUEST_PER_DEVICE": ("guest_device", "default"),
            "THROTTLE_GUEST_PER_IP": ("guest_ip", "default"),
            "THROTTLE_PASSWORD_PER_USER": ("password_user", "default"),
            "THROTTLE_SERVICE_TOKEN_PER_IP": ("service_token_ip", "default"),
        },
    )
