"""The platform's one time zone: days, months and rankings turn over in Seoul."""

from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")
