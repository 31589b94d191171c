"""Addresses built from a pattern reversed once: a page that links every one of a thousand
cards to its edit form reverses the route once, not a thousand times."""

from collections.abc import Callable

from django.urls import reverse

# Stand-ins for the ids a pattern is filled with: integers a real id is checked not to collide with.
PLACEHOLDERS = (987654301, 987654302, 987654303)


def url_former(name: str, *fixed: int, free: int = 1) -> Callable[..., str]:
    """A function of `free` ids giving `reverse(name, args=[*fixed, *ids])`, reversing once.
    Falls back to reversing on each call in the unlikely case a fixed argument contains a
    placeholder's digits, so the answer is always the one `reverse` gives."""
    placeholders = [str(placeholder) for placeholder in PLACEHOLDERS[:free]]
    pattern = reverse(name, args=[*fixed, *PLACEHOLDERS[:free]])
    if any(pattern.count(placeholder) != 1 for placeholder in placeholders):
        return lambda *ids: reverse(name, args=[*fixed, *ids])
    pieces: list[str] = []
    rest = pattern
    for placeholder in placeholders:
        before, rest = rest.split(placeholder)
        pieces.append(before)
    pieces.append(rest)

    if free == 1:  # the common case, kept to one string build
        head, tail = pieces

        def one(id_: int) -> str:
            return f"{head}{int(id_)}{tail}"

        return one

    def former(*ids: int) -> str:
        return pieces[0] + "".join(f"{int(id_)}{piece}" for id_, piece in zip(ids, pieces[1:], strict=True))

    return former
