pytest_plugins = ["kingdom.testing.plugin"]
