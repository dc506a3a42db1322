"""What every Thrift Kingdom service promises (docs/contracts.md), checked for front."""

from kingdom.testing.contract import *  # noqa: F403
