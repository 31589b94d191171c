"""Structured logs: one JSON object a line, which a log collector reads without a parsing rule."""

import json
import logging
from datetime import UTC, datetime
from typing import Any

# What every LogRecord carries; anything else on a record came from `extra=` and is logged too.
STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """time, level, logger and message, the traceback when there is one, and the extras.

    Django's request errors carry the request and the status code: they become `method`,
    `path` and `status_code`.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name in STANDARD_ATTRIBUTES or name.startswith("_"):
                continue
            if name == "request":
                entry["method"] = getattr(value, "method", None)
                entry["path"] = getattr(value, "path", None)
            else:
                entry[name] = value
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
