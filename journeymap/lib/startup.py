"""What an app server does once its application is loaded."""

import gc

from django.urls import get_resolver


def settle() -> None:
    """Load every view (through the URLconf), then move all that start-up loaded out of the
    garbage collector's reach: it lives as long as the process, yet each full collection
    would walk it again, a pause of about a tenth of a second every few reads of a large map."""
    get_resolver().url_patterns  # noqa: B018 - imports every view module
    gc.freeze()
