from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comment_service.comments"
    label = "comments"
    verbose_name = "댓글"
