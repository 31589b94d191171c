"""The log's text columns are categorical; what is read from them is what the text gives."""

import numpy as np
import pandas as pd
import pytest

from customer_data.logs import _restored, _value_counts, found_values, log_table, read_log
from interchange.spreadsheet_export import neutralise, restore

NAMES = ["=SUM(1)", "'=SUM(1)", "''=x", "+1", "-", "@me", "'plain'", "'", "''", "\tx", "plain", "", "'\r"]


@pytest.mark.parametrize("name", NAMES)
def test_names_made_inert_read_back_as_the_export_module_restores_them(name):
    values = pd.Series([name, neutralise(name)], dtype="str")
    assert _restored(values).tolist() == [restore(name), restore(neutralise(name))]


def test_values_are_counted_as_value_counts_counts_the_text():
    rng = np.random.default_rng(3)
    words = [f"w{number}" for number in range(40)] + ["", " padded "]
    text = pd.Series(rng.choice(words, 5_000), dtype="str")  # many ties among 42 values
    log = log_table(("customer_id,timestamp,channel,stage\n" + "".join(f"c,2025-01-01,{w},A\n" for w in text)).encode())
    assert isinstance(log["channel"].dtype, pd.CategoricalDtype)
    expected = text[text != ""].value_counts()
    counted = _value_counts(log["channel"])
    assert list(counted.items()) == list(expected.items())


def test_found_values_trim_and_merge_names_as_before():
    log = read_log(
        b"customer_id,timestamp,channel,stage\nc1,2025-01-01, Email,A\nc2,2025-01-02,Email ,\nc3,2025-01-03,Web,A\n"
    )
    assert found_values(log) == {"channel": [("Email", 2), ("Web", 1)], "stage": [("A", 2)]}
    assert log.frame["channel"].tolist() == ["Email", "Email", "Web"]
    assert log.customers == 3


def test_rows_with_nothing_in_them_are_left_out_and_keep_their_row_numbers():
    log = read_log(b"customer_id,timestamp,channel,stage\nc1,2025-01-01,Email,A\n,,,\nc2,2025-01-02,Web,A\n")
    assert log.frame.index.tolist() == [0, 2]
