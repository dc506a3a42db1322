from django.urls import path

from auth_service.social import apis

urlpatterns = [
    path("providers", apis.ProvidersApi.as_view(), name="social-providers"),
    path("links", apis.LinksApi.as_view(), name="social-links"),
    path("signup", apis.SignupApi.as_view(), name="social-signup"),
    path("<str:provider>/authorize", apis.AuthorizeApi.as_view(), name="social-authorize"),
    path("<str:provider>/login", apis.LoginApi.as_view(), name="social-login"),
    path("<str:provider>/link", apis.LinkApi.as_view(), name="social-link"),
    path("<str:provider>/upgrade", apis.UpgradeApi.as_view(), name="social-upgrade"),
]
