"""comment_service: comments and replies on posts and deals."""
