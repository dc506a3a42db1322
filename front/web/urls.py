from django.urls import path

from front.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots"),
]
