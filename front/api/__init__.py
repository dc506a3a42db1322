"""The one layer through which the front calls the four APIs (see FOUNDATION.md).

from front.api import Api, ApiError, Unavailable, gather

api = Api(request)                     # carries the visitor's tokens, IP, request id
posts = api.get("board", "/api/board/posts", params={"sort": "hot"}, cache=15)
sections = gather({"posts": lambda: api.get(...), "deals": lambda: api.get(...)})
"""

from front.api.client import Api, ApiError
from front.api.concurrent import Section, gather
from front.api.transport import Unavailable, client_ip, service_client

__all__ = ["Api", "ApiError", "Section", "Unavailable", "client_ip", "gather", "service_client"]
