"""Finding metadata the editor did not give: countries, themes and dates, in en/ru/kk text."""
