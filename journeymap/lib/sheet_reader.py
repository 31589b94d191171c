"""The first sheet of a workbook read by calamine, as text, column by column: run as
`python -m journeymap.lib.sheet_reader MEMORY SECONDS SHEET PART ROWS COLUMNS CELLS CHARS TEXT`
with the workbook on standard input, by `journeymap.lib.workbooks._calamine_columns` (see
there why in a process of its own). It imports nothing of the project beyond the standard
library and python-calamine.

Writes the columns (lists of text, marshalled) on standard output and exits 0; exits 3 when the
streaming reader must read the sheet instead: a declaration in the sheet, more tags than
cells allowed, a date or time, or a limit passed.
"""

import io
import marshal
import resource
import sys
import zipfile
from collections.abc import Sequence

FOR_THE_STREAMING_READER = 3


def limited(memory: int, seconds: int) -> None:
    """Cap this process's address space and processor time: a hostile file ends it, nothing else."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))


def tags_of(content: bytes, part: str) -> int | None:
    """How many tags the sheet's part holds (a bound on its cells, empty ones counted); None
    when it holds a declaration, a comment or CDATA."""
    tags = 0
    with zipfile.ZipFile(io.BytesIO(content)).open(part) as stream:
        while chunk := stream.read(2**20):
            if b"<!" in chunk or b"DOCTYPE" in chunk:
                return None
            tags += chunk.count(b"<")
    return tags


def text(value: object) -> str:
    """A cell as the streaming reader writes it: whole numbers without ".0", True and False."""
    kind = type(value)
    if kind is str:
        return value  # type: ignore[return-value]
    if kind is float:
        number: float = value  # type: ignore[assignment]
        return str(int(number)) if number.is_integer() else str(number)
    if kind is bool:
        return "True" if value else "False"
    if kind is int:
        return str(value)
    raise ValueError(f"a {kind.__name__} cell")  # dates, times, durations


def columns_of(cells: Sequence[Sequence[object]]) -> list[list[str]]:
    """The sheet's columns as text, from A1 to its last cell with something in it."""
    columns = [list(column) for column in zip(*cells, strict=False)]
    for number, column in enumerate(columns):
        if set(map(type, column)) != {str}:
            columns[number] = [text(value) for value in column]
    texts: list[list[str]] = columns
    filled = [number for number, column in enumerate(texts) if any(column)]
    texts = texts[: filled[-1] + 1] if filled else []
    height = max((last_filled(column) + 1 for column in texts), default=0)
    return [column[:height] for column in texts]


def last_filled(column: list[str]) -> int:
    """The index of the column's last cell with something in it; -1 when it has none."""
    return next((index for index in range(len(column) - 1, -1, -1) if column[index]), -1)


def within(columns: list[list[str]], *, rows: int, width: int, chars: int, total: int) -> bool:
    """Whether the table keeps within the limits of journeymap/lib/files.py."""
    if len(columns) > width or (len(columns[0]) if columns else 0) > rows + 1:
        return False
    lengths = [list(map(len, column)) for column in columns]
    return all(max(column, default=0) <= chars for column in lengths) and sum(map(sum, lengths)) <= total


def main(arguments: list[str]) -> int:
    memory, seconds, sheet_name, part = int(arguments[0]), int(arguments[1]), arguments[2], arguments[3]
    rows, width, cells_allowed, chars, total = map(int, arguments[4:9])
    limited(memory, seconds)
    content = sys.stdin.buffer.read()
    tags = tags_of(content, part)
    if tags is None or tags > cells_allowed:
        return FOR_THE_STREAMING_READER
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_name(sheet_name)
    del content
    try:
        columns = columns_of(sheet.to_python(skip_empty_area=False))
    except ValueError:
        return FOR_THE_STREAMING_READER
    if not within(columns, rows=rows, width=width, chars=chars, total=total):
        return FOR_THE_STREAMING_READER
    sys.stdout.buffer.write(marshal.dumps(columns))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
