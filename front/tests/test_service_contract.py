"""What every Thrift Kingdom service promises (DESIGN.md), checked for front."""

from kingdom.testing.contract import *  # noqa: F403
