from django.urls import path

from front.accounts import views

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
]
