"""What every Thrift Kingdom service promises (DESIGN.md), checked for comment_service."""

from kingdom.testing.contract import *  # noqa: F403
