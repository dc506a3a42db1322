from django.urls import path

from front.comments import views

app_name = "comments"
urlpatterns = [
    path("new", views.comment_create, name="create"),
    path("<int:comment_id>/edit", views.comment_edit, name="edit"),
    path("<int:comment_id>/delete", views.comment_delete, name="delete"),
    path("<int:comment_id>/report", views.comment_report, name="report"),
]
