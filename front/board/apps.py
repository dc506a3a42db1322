from django.apps import AppConfig


class BoardConfig(AppConfig):
    """거지방: list, post detail with comments, write/edit/delete, like, 승인/사치, report, ranking."""

    name = "front.board"
    label = "board"
