"""What every Thrift Kingdom service promises (docs/contracts.md), checked for notification_service."""

from kingdom.testing.contract import *  # noqa: F403
