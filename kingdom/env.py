"""Typed access to environment variables: the only place settings come from (12-factor)."""

from __future__ import annotations

import os
import warnings

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    """Return ``name`` from the environment, or ``default``; raise when ``required`` and unset."""
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Set the {name} environment variable.")
        return default if default is not None else ""
    return value


def env_bool(name: str, default: bool = False) -> bool:
    """Parse a boolean flag such as ``DEBUG=1`` or ``DEBUG=false``."""
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}.")


def env_int(name: str, default: int) -> int:
    """Parse an integer setting, with a message that names the variable when it is malformed."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}.") from exc


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """One of ``choices`` (case-insensitive), ``default`` when unset; a message naming them otherwise."""
    value = env_str(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """Parse a comma-separated list, dropping blanks: ``ALLOWED_HOSTS=a.example,b.example``."""
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_multiline(name: str, default: str = "") -> str:
    """Read a PEM-like value; ``\\n`` escapes are accepted so a key fits on one env line."""
    value = env_str(name, default)
    return value.replace("\\n", "\n") if "\\n" in value else value


#: ``{old name: new name}`` of every renamed variable this process found set under its old name
#: (logged once at start-up by kingdom.apps; accepted for one release).
renamed_in_use: dict[str, str] = {}


def env_renamed(name: str, old_name: str, default: str = "") -> str:
    """``name`` from the environment; else, for one release, the variable's former ``old_name``
    with a ``DeprecationWarning`` (and a warning in the log at start-up); else ``default``."""
    value = env_str(name)
    if value:
        return value
    old_value = env_str(old_name)
    if not old_value:
        return default
    if old_name not in renamed_in_use:
        renamed_in_use[old_name] = name
        warnings.warn(
            f"The environment variable {old_name} is deprecated and will be ignored in the next "
            f"release; set {name} instead.",
            DeprecationWarning,
            stacklevel=2,
        )
    return old_value
