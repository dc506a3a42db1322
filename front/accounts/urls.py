from django.urls import path

from front.accounts import social, views

app_name = "accounts"
urlpatterns = [
    path("enter", views.enter, name="enter"),
    path("login", views.login, name="login"),
    path("signup", views.signup, name="signup"),
    path("guest", views.guest, name="guest"),
    path("upgrade", views.upgrade, name="upgrade"),
    path("logout", views.logout, name="logout"),
    path("me", views.me, name="me"),
    path("me/nickname", views.nickname, name="nickname"),
    path("me/password", views.password, name="password"),
    path("me/social/<str:provider>/unlink", social.unlink, name="social_unlink"),
    path("login/social/finish", social.finish, name="social_finish"),
    path("login/social/<str:provider>", social.start, name="social_start"),
    path("login/social/<str:provider>/callback", social.callback, name="social_callback"),
]
