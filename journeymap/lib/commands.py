"""Small helpers for management commands."""

import argparse
from collections.abc import Callable


def at_least(minimum: int) -> Callable[[str], int]:
    """An argument type: a whole number, `minimum` or more."""

    def parse(value: str) -> int:
        if not value.isdigit() or int(value) < minimum:
            raise argparse.ArgumentTypeError(f"must be a whole number, {minimum} or more")
        return int(value)

    return parse
