import re

from django.db.models import Count, IntegerField, Model, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def count_of(model: type[Model], fk: str, **filters) -> Coalesce:
    """A correlated COUNT of `model` rows whose `fk` points at the outer row.

    Unlike `Count()` over joins, several of these on one queryset never multiply rows.
    """
    counted = (
        model._default_manager.filter(**{fk: OuterRef("pk")}, **filters)
        .order_by()
        .values(fk)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b", re.IGNORECASE)


def real_queries(captured: list[dict]) -> list[str]:
    """The statements that read or write data. BEGIN, COMMIT and SAVEPOINT do not count:
    SQLite sends them as statements where PostgreSQL does not, and a test's own transaction
    turns every atomic block into a SAVEPOINT pair that production never runs."""
    return [query["sql"] for query in captured if not TRANSACTION_CONTROL.match(query["sql"])]
