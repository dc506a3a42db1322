"""board_service: the 거지방 community board."""
