from django.urls import path

from front.board import views

app_name = "board"
urlpatterns = [
    path("", views.post_list, name="list"),
    path("write", views.post_create, name="create"),
    path("ranking", views.ranking, name="ranking"),
    path("<int:post_id>", views.post_detail, name="detail"),
    path("<int:post_id>/edit", views.post_edit, name="edit"),
    path("<int:post_id>/delete", views.post_delete, name="delete"),
    path("<int:post_id>/like", views.post_like, name="like"),
    path("<int:post_id>/verdict", views.post_verdict, name="verdict"),
    path("<int:post_id>/save", views.post_save, name="save"),
    path("<int:post_id>/report", views.post_report, name="report"),
]
