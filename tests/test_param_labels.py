"""An error about a parameter names it on the HTML page as the interface calls it, in the reader's language."""

from __future__ import annotations

import pytest

from search_api.paramlabels import PARAM_LABELS
from search_api.request import ALLOWED_PARAMS


def test_every_parameter_has_a_label_in_every_interface_language():
    for ui_lang, labels in PARAM_LABELS.items():
        assert set(labels) == set(ALLOWED_PARAMS), ui_lang


@pytest.mark.parametrize(("ui_lang", "label"), [("ru", "«Порядок»"), ("kk", "«Реттеу»"), ("en", "“Sort”")])
def test_the_error_page_names_the_parameter_by_its_label(client, ui_lang, label):
    page = client.simulate_get("/", params={"q": "вода", "sort": "sideways", "ui_lang": ui_lang})
    assert page.status_code == 400
    assert label in page.text
    assert "вода" in page.text  # what the reader typed stays


def test_a_date_error_names_the_date_field_in_russian(client):
    page = client.simulate_get("/", params={"q": "мир", "date_from": "2020-13", "ui_lang": "ru"})
    assert page.status_code == 400 and "«Дата с»" in page.text


def test_the_json_api_keeps_the_parameter_name(client):
    answer = client.simulate_get("/api/v1/search", params={"q": "мир", "sort": "sideways", "ui_lang": "ru"})
    assert answer.status_code == 400 and answer.json["error"]["param"] == "sort"
