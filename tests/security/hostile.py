"""Hostile files, made on the spot: each is small to send and expensive to read carelessly.

Every file has the headers the endpoints look for (a spreadsheet of items and an interaction
log alike), so that a reader which only checks headers goes on to the expensive part.
"""

import io
import json
import struct
import zipfile
import zlib
from dataclasses import dataclass

import openpyxl

# Columns of both a spreadsheet of items and an interaction log.
HEADERS = ["kind", "stage", "lane", "title", "customer_id", "timestamp", "channel", "touchpoint"]
ROW = ["touchpoint", "S1", "Web", "A", "C1", "2025-01-06T09:00:00Z", "Web", "A"]


@dataclass(frozen=True)
class Hostile:
    name: str
    file_name: str
    content: bytes

    def __repr__(self) -> str:  # pytest ids and failure messages name the file, not its megabytes
        return f"<{self.name}: {self.file_name}, {len(self.content):,} bytes>"


# Excel workbooks, written part by part


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    '<Relationship Id="rId2" Target="sharedStrings.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    "</Relationships>"
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_START = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
SHEET_END = "</sheetData></worksheet>"


def _inline(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def _row(cells: list[str]) -> str:
    return "<row>" + "".join(cells) + "</row>"


@dataclass
class Part:
    """One file of a zip archive, packed; `size` is what the zip directory announces."""

    name: str
    packed: bytes
    crc: int
    size: int
    method: int = zipfile.ZIP_DEFLATED


def packed(head: bytes, block: bytes = b"", times: int = 0, tail: bytes = b"", *, name: str, level: int = 9) -> Part:
    """A part that unpacks to head + block * times + tail, packed without ever building that
    text: after a full flush the compressor forgets what came before, so one packed block
    repeated is a valid stream of the block repeated."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    middle = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH) if times else b""
    end = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    return Part(name, start + middle * times + end, crc, len(head) + len(block) * times + len(tail))


def stored(name: str, content: bytes) -> Part:
    return Part(name, content, zlib.crc32(content), len(content), zipfile.ZIP_STORED)


def zip_of(parts: list[Part]) -> bytes:
    """A zip archive written by hand, so that its directory can say what the test wants."""
    out, directory = io.BytesIO(), []
    for part in parts:
        offset, name = out.tell(), part.name.encode()
        sizes = (part.crc, len(part.packed), part.size, len(name))
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, part.method, 0, 0, *sizes, 0) + name + part.packed)
        directory.append(
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, part.method, 0, 0, *sizes, 0, 0, 0, 0, 0, offset)
            + name
        )
    start, listing = out.tell(), b"".join(directory)
    out.write(listing + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(listing), start, 0))
    return out.getvalue()


def workbook(*parts: Part) -> bytes:
    """An .xlsx file: the parts every workbook has, then `parts` (its sheet, its shared strings)."""
    frame = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ]
    return zip_of([packed(text.encode(), name=name) for name, text in frame] + list(parts))


SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"


def header_sheet(rows: str = "") -> bytes:
    return (SHEET_START + _row([_inline(header) for header in HEADERS]) + rows + SHEET_END).encode()


def shared_string_bomb(megabytes: int = 20, cells: int = 150) -> bytes:
    """One shared string of `megabytes` MB, used by `cells` cells: 26 KB that a reader copying
    the string into every cell turns into gigabytes."""
    head = f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode()
    strings = packed(head, b"A" * 2**20, megabytes, b"</t></si></sst>", name=STRINGS)
    row = _row([_inline(value) for value in ROW[:3]] + ['<c t="s"><v>0</v></c>'] + [_inline(v) for v in ROW[4:]])
    return workbook(packed(header_sheet(row * cells), name=SHEET), strings)


def zip_bomb(megabytes: int = 290) -> bytes:
    """A sheet of `megabytes` MB of XML, under a 300 MB limit on the unpacked size, in about 1 MB."""
    row = _row([_inline(value) for value in ROW]).encode()
    block = row * (2**20 // len(row))
    head = header_sheet()[: -len(SHEET_END)]
    return workbook(packed(head, block, megabytes, SHEET_END.encode(), name=SHEET))


def announced_bomb() -> bytes:
    """A zip directory announcing 400 MB of sheet, packed no more than real sheets are: the
    size alone must stop it, before anything is unpacked."""
    part = stored(SHEET, header_sheet())
    return workbook(Part(SHEET, part.packed * 2, part.crc, 400 * 2**20, zipfile.ZIP_STORED))


def lying_zip() -> bytes:
    """A workbook whose zip directory says its sheet unpacks to 2 KB while it unpacks to 330 MB."""
    row = _row([_inline(value) for value in ROW]).encode()
    sheet = packed(header_sheet()[: -len(SHEET_END)], row * 4000, 250, SHEET_END.encode(), name=SHEET)
    sheet.size = 2048
    return workbook(sheet)


def many_parts(parts: int = 20_000) -> bytes:
    return workbook(*(stored(f"xl/media/{number}.xml", b"") for number in range(parts)))


def many_shared_strings(count: int = 1_100_000) -> bytes:
    """More shared strings than any sheet needs, each short and different."""
    strings = "".join(f"<si><t>{number}</t></si>" for number in range(count))
    return workbook(
        stored(SHEET, header_sheet()), packed(f'<sst xmlns="{MAIN}">{strings}</sst>'.encode(), name=STRINGS, level=1)
    )


def wide_workbook(columns: int = 30_000) -> bytes:
    """30,000 columns, stored unpacked so that no ratio gives it away."""
    return workbook(stored(SHEET, header_sheet(_row([_inline("x")] * columns))))


def entity_bomb() -> bytes:
    """The billion laughs: entities defined by ten of the previous one."""
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10))
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
        f'<worksheet xmlns="{MAIN}"><sheetData>'
        + _row([_inline(header) for header in HEADERS])
        + _row([_inline("&a9;")] * len(HEADERS))
        + SHEET_END
    )
    return workbook(packed(sheet.encode(), name=SHEET))


# Text files


def csv_of(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(row) for row in rows).encode()


def wide_csv(columns: int = 30_000) -> bytes:
    """30,000 columns in 199 KB: a header row of every column, matched one by one."""
    header = HEADERS + [f"c{number}" for number in range(columns - len(HEADERS))]
    return csv_of([header, ROW + ["1"] * (columns - len(HEADERS))])


def tall_csv(rows: int = 500_001) -> bytes:
    """More rows than any reader keeps, each a few bytes (one-letter cells cost no memory)."""
    return ",".join(HEADERS).encode() + b"\n" + b"t,S,W,A,C,2,W,A\n" * rows


def deep_json(depth: int = 1_000) -> bytes:
    return b'{"schema_version": 1, "title": "Deep", "stages": ' + b"[" * depth + b"]" * depth + b"}"


def huge_integer_json(digits: int = 100_000) -> bytes:
    return b'{"schema_version": 1, "title": "Big", "stages": [{"name": "S", "target_nps": ' + b"9" * digits + b"}]}"


def huge_number_csv(digits: int = 5_000) -> bytes:
    """Numbers too long for Python's int(): as a stage number, a reference and a score."""
    number = "9" * digits
    return csv_of(
        [
            [*HEADERS, "next", "satisfaction"],
            ["touchpoint", number, "Web", "A", "C1", ROW[5], "Web", "A", number, number],
        ]
    )


def wrong_types_json() -> bytes:
    document = {"schema_version": 1, "title": ["not", "text"], "stages": "none", "touchpoints": [{"key": {}}]}
    return json.dumps(document).encode()


def wrong_types_csv() -> bytes:
    """Cells of the wrong kind: a word for an emotion, a date and a score that are neither."""
    return csv_of(
        [
            [*HEADERS, "emotion", "satisfaction"],
            ["touchpoint", "S1", "Web", "A", "C1", "yesterday", "Web", "A", "very happy", "great"],
        ]
    )


def wrong_types_json_shapes() -> bytes:
    return b"[1, 2, 3]"


def utf16_without_bom() -> bytes:
    return csv_of([HEADERS, ROW]).decode().encode("utf-16-le")


def utf16_broken() -> bytes:
    """A byte order mark, then a lone surrogate half-way."""
    text = csv_of([HEADERS, ROW]).decode().encode("utf-16-le")
    return b"\xff\xfe" + text[:20] + b"\x00\xd8" + text[20:]


def latin1_invalid() -> bytes:
    return (
        csv_of([HEADERS, ["touchpoint", "Découverte", "Web", "Café", "C1", ROW[5], "Web", "Caf\xe9"]])
        .decode()
        .encode("latin-1")
        + b"\x81\x8d\x9d"
    )


def png_bytes() -> bytes:
    header = b"\x89PNG\r\n\x1a\n"
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    data = zlib.compress(b"\x00\x00\x00\x00\x00")
    idat = struct.pack(">I", len(data)) + b"IDAT" + data + struct.pack(">I", zlib.crc32(b"IDAT" + data))
    return header + chunk + idat + b"\x00\x00\x00\x00IEND\xaeB`\x82"


def corpus() -> list[Hostile]:
    """Every hostile file, with the names an attacker would give them."""
    png = png_bytes()
    return [
        Hostile("shared-string bomb", "bomb.xlsx", shared_string_bomb()),
        Hostile("zip bomb", "zip-bomb.xlsx", zip_bomb()),
        Hostile("zip announcing 400 MB", "announced.xlsx", announced_bomb()),
        Hostile("zip lying about its sizes", "lying.xlsx", lying_zip()),
        Hostile("20,000 zip parts", "parts.xlsx", many_parts()),
        Hostile("1,100,000 shared strings", "strings.xlsx", many_shared_strings()),
        Hostile("30,000 columns (Excel)", "wide.xlsx", wide_workbook()),
        Hostile("billion laughs", "laughs.xlsx", entity_bomb()),
        Hostile("30,000 columns (CSV)", "wide.csv", wide_csv()),
        Hostile("500,001 rows", "tall.csv", tall_csv()),
        Hostile("JSON nested 1,000 deep", "deep.json", deep_json()),
        Hostile("JSON nested 1,000 deep, as CSV", "deep.csv", deep_json()),
        Hostile("100,000-digit integer", "big.json", huge_integer_json()),
        Hostile("5,000-digit numbers", "big.csv", huge_number_csv()),
        Hostile("wrong types (JSON)", "types.json", wrong_types_json()),
        Hostile("a list for a map", "list.json", wrong_types_json_shapes()),
        Hostile("wrong types (CSV)", "types.csv", wrong_types_csv()),
        Hostile("UTF-16 without byte order mark", "utf16.csv", utf16_without_bom()),
        Hostile("UTF-16 with a lone surrogate", "utf16-broken.csv", utf16_broken()),
        Hostile("Latin-1 with invalid bytes", "latin1.csv", latin1_invalid()),
        Hostile("Latin-1 with invalid bytes, as JSON", "latin1.json", latin1_invalid()),
        Hostile("PNG named .xlsx", "picture.xlsx", png),
        Hostile("PNG named .csv", "picture.csv", png),
        Hostile("PNG named .json", "picture.json", png),
    ]


def xlsx(rows: list[list]) -> bytes:
    """An honest workbook of `rows`, written by openpyxl."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
