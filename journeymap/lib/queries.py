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
