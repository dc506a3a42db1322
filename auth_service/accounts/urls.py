from django.urls import path

from auth_service.accounts import apis

urlpatterns = [
    path("signup", apis.SignupApi.as_view(), name="signup"),
    path("login", apis.LoginApi.as_view(), name="login"),
    path("refresh", apis.RefreshApi.as_view(), name="refresh"),
    path("logout", apis.LogoutApi.as_view(), name="logout"),
    path("guest", apis.GuestCreateApi.as_view(), name="guest"),
    path("guest/upgrade", apis.GuestUpgradeApi.as_view(), name="guest-upgrade"),
    path("me", apis.MeApi.as_view(), name="me"),
    path("password", apis.PasswordChangeApi.as_view(), name="password"),
    path("users/<int:user_id>", apis.UserProfileApi.as_view(), name="user-profile"),
    path("jwks.json", apis.JwksApi.as_view(), name="jwks"),
    path("service-token", apis.ServiceTokenApi.as_view(), name="service-token"),
    path("internal/deactivated-users", apis.InternalDeactivatedUsersApi.as_view(), name="deactivated-users"),
]
