"""Checks that a service reads every rate from its ``RATE_…`` variable and, for one release, from
the name it had before (docs/contracts.md#rate-limits), shared by the four API suites.

The service's production settings module is started in a fresh interpreter with the variables
set, as a pod would start: ``THROTTLE_RATES`` and what the process wrote to stderr come back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

_PRINT_RATES = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.THROTTLE_RATES))"
)


def started_with(
    settings_module: str, variables: dict[str, str], *, unset: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    """``settings_module`` set up in a new process with ``variables``, without any ``RATE_…`` or
    ``unset`` variable of the test process's own environment."""
    env = {key: value for key, value in os.environ.items() if not (key.startswith("RATE_") or key in unset)}
    env.update(variables, DJANGO_SETTINGS_MODULE=settings_module, LOG_LEVEL="WARNING")
    return subprocess.run(
        [sys.executable, "-W", "always::DeprecationWarning", "-c", _PRINT_RATES],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def rates_started_with(
    settings_module: str, variables: dict[str, str], *, unset: tuple[str, ...] = ()
) -> tuple[dict, str]:
    """``(THROTTLE_RATES, stderr)`` of ``settings_module`` started with ``variables``."""
    result = started_with(settings_module, variables, unset=unset)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


def _distinct_rates(names) -> dict[str, str]:
    return {name: f"{number}/hour" for number, name in enumerate(names, start=101)}


def assert_rate_variables(
    settings_module: str, *, names: dict[str, tuple[str, str]], formerly: dict[str, tuple[str, str]]
) -> None:
    """Every ``names`` variable (``{variable: (scope, role)}``) sets its rate, silently, and wins over
    the former name of the same rate; every ``formerly`` variable still sets its rate, each with a
    ``DeprecationWarning`` and one warning in the log naming its replacement."""
    new_values = _distinct_rates(names)
    # a former name set as well, to a different value, must not win
    old_name, place = next(iter(formerly.items()))
    unset = (*names, *formerly)
    rates, stderr = rates_started_with(settings_module, {**new_values, old_name: "1/day"}, unset=unset)
    for name, (scope, role) in names.items():
        assert rates[scope][role] == new_values[name], name
    assert "deprecated" not in stderr, stderr

    old_values = _distinct_rates(formerly)
    rates, stderr = rates_started_with(settings_module, old_values, unset=unset)
    replacements = {place: name for name, place in names.items()}
    for name, (scope, role) in formerly.items():
        assert rates[scope][role] == old_values[name], name
        assert f"DeprecationWarning: The environment variable {name} is deprecated" in stderr, stderr
        logged = [
            json.loads(line)
            for line in stderr.splitlines()
            if line.startswith("{") and f'"deprecated_variable": "{name}"' in line
        ]
        assert len(logged) == 1, stderr
        assert logged[0]["level"] == "WARNING"
        assert logged[0]["replacement"] == replacements[(scope, role)]
    assert place in replacements
