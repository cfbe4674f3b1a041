"""Test configuration: Hypothesis profiles chosen by an environment variable.

``HYPOTHESIS_PROFILE=dev`` (the default locally) is fast; ``ci`` (the default when ``CI`` is
set) draws more examples and prints its statistics.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def pytest_configure(config):
    # Slow tests run by default (in CI too); `-m "not slow"` leaves them out locally.
    config.addinivalue_line("markers", "slow: a seeded simulation that takes seconds")
