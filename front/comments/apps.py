from django.apps import AppConfig


class CommentsConfig(AppConfig):
    """Comments and replies under posts and deals: one thread template, one set of write views."""

    name = "front.comments"
    label = "comments"
