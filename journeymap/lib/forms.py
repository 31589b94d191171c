from django import forms

from journeymap.lib.ids import parse_id


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several model instances by id. Django asks the database for them all in
    one query (`pk IN (...)`), which fails on an id no key can reach: such an id is refused
    first, like any other value that names no choice. Every form choosing several instances
    uses this field."""

    def _check_values(self, value):
        if self.to_field_name in (None, "pk", "id"):
            for key in value:
                if parse_id(key) is None:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": str(key)[:40]}
                    )
        return super()._check_values(value)


class VersionedModelForm(forms.ModelForm):
    """A model form that carries the version of the item it was rendered from, so the
    write can tell whether someone else changed the item in between."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)
        else:
            del self.fields["version"]

    def validate_constraints(self) -> None:
        """Skip the per-constraint queries: every check constraint of these models is also a
        field validator the form has already run, and the database still enforces them all."""

    @property
    def changed_links(self) -> list[str]:
        """The many-to-many fields whose choice changed (unchanged links cost no writes)."""
        many_to_many = {field.name for field in self._meta.model._meta.many_to_many}
        return [name for name in self.changed_data if name in many_to_many]

    @property
    def model_field_names(self) -> list[str]:
        """The concrete, non-many-to-many model fields this form edits."""
        many_to_many = {field.name for field in self._meta.model._meta.many_to_many}
        return [name for name in self._meta.fields or () if name not in many_to_many]


def model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The form's field `name`, known to choose among model instances: its queryset and
    labels depend on the map, so forms set them when they are made."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field
