"""A stage module whose own dependency is missing (must be an error, not a skipped stage)."""

import rop_dependency_that_does_not_exist  # noqa: F401


def run(call: object) -> None:
    pass
