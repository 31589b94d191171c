"""Loading many rows of a model quickly: a large map's grid reads some 1,500 items per page.

Django builds each instance read from the database through `Model.__init__`, which sends the
`pre_init` and `post_init` signals and sets every field through its descriptor, about half of
the time of the read. `QuickLoad.from_db` (the documented hook for customising loading) fills
the instance's attributes directly instead; deferred fields are left out, as `__init__` leaves
them, so they still load on first access. A model using it must have no `pre_init` or
`post_init` receivers and no field whose descriptor does work on assignment (a file or image
field): `tests/journeymap/test_loading.py` checks both for every model that uses it.
"""

from collections.abc import Collection
from typing import Any, Self

from django.db import models
from django.db.models.base import ModelState


class QuickLoad(models.Model):
    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any], *, fetch_mode=None) -> Self:
        loaded = cls.__new__(cls)
        state = loaded._state = ModelState()
        state.adding = False
        state.db = db
        if fetch_mode is not None:
            state.fetch_mode = fetch_mode
        loaded.__dict__.update(zip(field_names, values))
        return loaded
