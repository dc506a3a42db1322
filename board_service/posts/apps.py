from django.apps import AppConfig


class PostsConfig(AppConfig):
    """The 거지방 board: categories, posts, likes, verdicts (승인/사치), reports."""

    name = "board_service.posts"
    label = "board"
    verbose_name = "거지방 게시판"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from board_service.posts.events import monthly_king_when_due
        from kingdom.outbox import on_every_pass

        on_every_pass(monthly_king_when_due)  # deliver_outbox --loop decides each finished month
