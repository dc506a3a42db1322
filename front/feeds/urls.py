"""Feed addresses: ``.xml`` is RSS 2.0, ``.atom`` the same feed in Atom 1.0."""

from django.urls import path

from front.feeds.feeds import BoardFeed, DealListFeed, HotDealsFeed, KeywordFeed, atom

app_name = "feeds"
urlpatterns = [
    path("deals.xml", DealListFeed(), name="deals"),
    path("deals.atom", atom(DealListFeed)(), name="deals_atom"),
    path("deals/hot.xml", HotDealsFeed(), name="hot"),
    path("deals/hot.atom", atom(HotDealsFeed)(), name="hot_atom"),
    path("keyword/<str:q>.xml", KeywordFeed(), name="keyword"),
    path("keyword/<str:q>.atom", atom(KeywordFeed)(), name="keyword_atom"),
    path("board.xml", BoardFeed(), name="board"),
    path("board.atom", atom(BoardFeed)(), name="board_atom"),
    path("board/<str:category>.xml", BoardFeed(), name="board_category"),
    path("board/<str:category>.atom", atom(BoardFeed)(), name="board_category_atom"),
]
