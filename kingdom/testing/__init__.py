"""pytest support shared by every service's suite: a test environment, a key pair, tokens."""
