"""Structured logs: one JSON object a line, with the traceback when there is one."""

import json
import logging
import sys

from django.test import RequestFactory

from journeymap.lib.logs import JsonFormatter


def record(message: str, *args, level: int = logging.INFO, exc_info=None, **extra) -> logging.LogRecord:
    entry = logging.LogRecord("journeymap.worker", level, __file__, 1, message, args, exc_info)
    entry.__dict__.update(extra)
    return entry


def test_a_line_holds_time_level_logger_and_the_message():
    line = JsonFormatter().format(record("Analysed %s rows", 120))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry.keys() == {"time", "level", "logger", "message"}
    assert entry["time"].endswith("+00:00")
    assert (entry["level"], entry["logger"], entry["message"]) == ("INFO", "journeymap.worker", "Analysed 120 rows")


def test_an_error_carries_its_traceback_in_the_same_line():
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError:
        line = JsonFormatter().format(record("Analysis failed", level=logging.ERROR, exc_info=sys.exc_info()))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["traceback"].startswith("Traceback (most recent call last):")
    assert "ZeroDivisionError: division by zero" in entry["traceback"]


def test_a_failed_request_names_its_method_path_and_status():
    request = RequestFactory().post("/maps/7/comments/new/")
    entry = json.loads(JsonFormatter().format(record("Internal Server Error", request=request, status_code=500)))
    assert (entry["method"], entry["path"], entry["status_code"]) == ("POST", "/maps/7/comments/new/", 500)


def test_extras_that_are_no_json_are_written_as_text():
    entry = json.loads(JsonFormatter().format(record("Picked up", task=object(), rows={"a": 1})))
    assert entry["task"].startswith("<object object")
    assert entry["rows"] == {"a": 1}
