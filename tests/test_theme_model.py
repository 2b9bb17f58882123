"""The learned theme model: it gives a theme the taxonomy's keywords miss, the taxonomy still steers it (an
editor's keyword edit takes effect on the next index), page length does not decide, and the shipped file is
weights only, naming the data it was trained on. Texts written for these tests."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from bench import train_themes
from indexer.enrich import fingerprint_of_rules, rules_fingerprint
from indexer.extract import theme_model
from indexer.extract import themes as themes_module
from indexer.extract.theme_model import MODEL_FILE, VARIANTS, load_model
from indexer.extract.themes import find_themes, keyword_evidence

# No keyword of the theme in either text: labour migration without "migrant" or "remittance", domestic
# violence without "violence", "abuse" or "domestic".
EN_WORK_ABROAD = ("Tajik workers return from Moscow",
                  "Thousands of young men from Khatlon spend the year on building sites in Moscow and send money home "
                  "to their families. When the rouble fell, many came back to their villages without work.")
RU_BEATEN_WIFE = ("", "Муж избивал её десять лет, а соседи молчали. Теперь она живёт с детьми у сестры и боится "
                      "выходить на улицу.")


EN_ELECTION = ("Voters in Osh queued at the polling stations from eight in the morning. The election commission said "
               "turnout passed forty per cent, and observers reported no ballot stuffing.")
EN_NEUTRAL = ["The city market opens at seven and closes at six; traders sell apricots, bread and tea.",
              "A new bus line connects the railway station with the airport twice an hour.",
              "Rain is expected on Thursday, and the mountain roads may be closed for a day.",
              "The football club won its third match of the season in front of a full stadium.",
              "The museum shows carpets and jewellery from the nineteenth century until August."]


@pytest.mark.parametrize(("page", "lang", "theme"), [
    (EN_WORK_ABROAD, "en", "migration"),
    (RU_BEATEN_WIFE, "ru", "gender-based-violence"),
])
def test_the_classifier_gives_a_theme_whose_keywords_the_page_never_uses(page, lang, theme, monkeypatch):
    monkeypatch.setenv("PEACESEARCH_THEME_VECTORS", "1")  # the model with the page's vector (theme_model.variant)
    title, body = page
    assert theme not in keyword_evidence(title, body, lang).scores
    assert theme in find_themes(title, body, lang)  # the page's words and meaning give it, not the keywords


def test_a_page_about_nothing_of_the_archive_gets_no_theme():
    assert find_themes("", "\n\n".join(EN_NEUTRAL), "en") == []
    assert find_themes("", "Погода в Бишкеке была тёплой, на рынке продают абрикосы и хлеб.", "ru") == []


def test_a_page_about_nothing_gets_no_theme_from_its_meaning_either(monkeypatch):
    """Every labelled page has a theme, yet a weather report read with its vector gets none."""
    monkeypatch.setenv("PEACESEARCH_THEME_VECTORS", "1")
    assert find_themes("", "\n\n".join(EN_NEUTRAL), "en") == []


def test_a_new_keyword_of_an_editor_takes_effect(tmp_path, monkeypatch):
    """A word that is in no theme's keywords gives no theme; listed by an editor, it gives its theme, and the
    changed file changes every document's content hash (the next ``index`` re-extracts)."""
    title = "Kurultai of the steppe"
    body = "The kurultai gathered in the valley. Every kurultai of the elders lasts days."
    assert "elections" not in find_themes(title, body, "en")
    edited = tmp_path / "taxonomy.yaml"
    text = themes_module.TAXONOMY_FILE.read_text(encoding="utf-8")
    edited.write_text(text.replace("      en: [election, electoral,", "      en: [kurultai, election, electoral,", 1),
                      encoding="utf-8")
    before = _fingerprint()
    with monkeypatch.context() as patch:
        patch.setattr(themes_module, "TAXONOMY_FILE", edited)
        patch.setattr("indexer.enrich.TAXONOMY_FILE", edited)
        _clear_caches()
        assert "elections" in find_themes(title, body, "en")
        assert _fingerprint() != before
    _clear_caches()


def _fingerprint() -> str:
    fingerprint_of_rules.cache_clear()
    return rules_fingerprint()


def _clear_caches() -> None:
    themes_module.taxonomy.cache_clear()
    themes_module._matcher.cache_clear()
    themes_module._context_phrases.cache_clear()
    fingerprint_of_rules.cache_clear()


def test_a_long_page_and_a_short_one_on_the_same_subject_get_the_same_theme():
    short = find_themes("Election day in Osh", EN_ELECTION, "en")
    long = find_themes("Election day in Osh", "\n\n".join([EN_ELECTION, *EN_NEUTRAL * 3]), "en")
    assert short[0] == long[0] == "elections"
    assert find_themes("", "\n\n".join(EN_NEUTRAL * 3), "en") == []  # and neutral text of any length gets none


def test_the_model_file_names_its_data_and_holds_weights_only():
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    sets = {Path(part["labels"]).parent.name: part for part in data["trained_on"]}
    assert sets["pages-dev"]["parts"] == ["train", "dev"]  # never the held-out test parts
    assert sets.get("pages-fresh", {"parts": ["train"]})["parts"] == ["train"]
    assert all("found_by_query" in part["split"] and len(part["labels_sha256"]) == 64 for part in sets.values())
    assert data["trained_by"] == "python -m bench.train_themes"
    for name in VARIANTS:
        model = load_model(MODEL_FILE, name)
        assert set(model.themes) == set(themes_module.taxonomy().labels)
        # terms are single analysed words (no phrases or sentences of the pages it learned from)
        assert all(" " not in term and len(term) <= 30 for term in model.terms)
    assert load_model(MODEL_FILE, "words_only").vector is None


def test_a_broken_model_file_is_refused_with_its_reason(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"themes": ["media"], "variants": {"with_vector": {"bias": {}}}}), encoding="utf-8")
    with pytest.raises(ValueError, match="not a theme model"):
        load_model(path)


def test_meaning_off_uses_the_words_only_variant(monkeypatch):
    monkeypatch.setenv("PEACESEARCH_SEMANTIC", "0")
    assert theme_model.variant() == "words_only" and theme_model.model().vector is None
    assert find_themes("Election day in Osh", EN_ELECTION, "en")[0] == "elections"


def test_training_learns_a_separable_theme_and_shares_the_keyword_weights():
    """The trainer's fit on a toy set: pages with term 0 are theme 0, the others theme 1; keyword evidence
    counts for both themes with one weight."""
    rng = np.random.default_rng(0)
    x = np.zeros((40, 3))
    x[:20, 0] = 1.0
    x[20:, 1] = 1.0
    x[:, 2] = rng.random(40)  # noise
    y = np.zeros((40, 2))
    y[:20, 0] = 1
    y[20:, 1] = 1
    r = np.zeros((40, 2, len(train_themes.RULE_FEATURES)))
    r[:, :, 0] = y * 2.0  # the evidence feature follows the labels for both themes
    fit = train_themes.fit(train_themes.Data(x, r, y), l2=1e-3)
    probs = fit.predict(train_themes.Data(x, r, y))
    assert (probs.argmax(axis=1) == y.argmax(axis=1)).all()
    assert fit.a.shape == (len(train_themes.RULE_FEATURES),) and fit.a[0] > 0


def test_indexing_embeds_nothing_for_themes_unless_asked(monkeypatch):
    """Themes are index terms, fixed when a page is written: by default they come from its words, so a build
    neither waits for an embedding nor depends on which vectors a cache holds (theme_model.variant)."""
    from analyzers import semantic

    monkeypatch.delenv("PEACESEARCH_THEME_VECTORS", raising=False)
    assert semantic.enabled() and theme_model.variant() == "words_only"

    def refuse(text: str) -> bytes:
        raise AssertionError("a page was embedded to choose its themes")

    monkeypatch.setattr(semantic, "passage_vector", refuse)
    theme_model.document_vector.cache_clear()
    assert find_themes("Election day in Osh", EN_ELECTION, "en")[0] == "elections"


def test_a_recall_leaning_decision_gives_themes_at_lower_probabilities():
    """Thresholds maximise F-beta: with beta above 1 a theme is given at a lower probability, so fewer pages
    lose a theme that readers filter by (the decision is chosen on out-of-fold probabilities)."""
    rng = np.random.default_rng(1)
    probs = rng.random((300, 3))
    y = (rng.random((300, 3)) < probs).astype(float)  # calibrated: a page of probability p has the theme p of the time
    leads = np.zeros(y.shape, dtype=bool)
    balanced = train_themes.decide(probs, y, leads, beta=1.0)
    leaning = train_themes.decide(probs, y, leads, beta=2.0)
    assert (leaning.threshold <= balanced.threshold).all() and leaning.threshold.mean() < balanced.threshold.mean()
    assert (train_themes.micro(leaning.choose(probs, leads), y)["recall"]
            > train_themes.micro(balanced.choose(probs, leads), y)["recall"])


def test_a_page_reaching_no_threshold_gets_the_theme_closest_to_its_own(monkeypatch):
    """Thresholds differ by theme: the fallback gives the theme whose probability comes closest to its own
    threshold, not the most probable one, and only from the model's ``fallback`` share of it."""
    probs = themes_module.theme_probabilities("Election day in Osh", EN_ELECTION, "en")
    other = max((t for t in probs if t != "elections"), key=probs.get)
    assert probs["elections"] > probs[other] > 0.01
    threshold = {t: 1.0 for t in probs} | {"elections": probs["elections"] / 0.8, other: probs[other] / 0.9}
    words = load_model(MODEL_FILE, "words_only")

    def with_fallback(share: float) -> list[str]:
        fake = dataclasses.replace(words, threshold=threshold, fallback=share)
        monkeypatch.setattr(themes_module, "basis", lambda *_: theme_model.Basis(fake, None, "words"))
        return find_themes("Election day in Osh", EN_ELECTION, "en")

    assert with_fallback(0.5) == [other]  # 0.9 of its threshold beats the election's 0.8
    assert with_fallback(0.95) == []
    decision = train_themes.Decision(np.array([threshold["elections"], threshold[other]]), 0.5)
    chosen = decision.choose(np.array([[probs["elections"], probs[other]]]))
    assert chosen.tolist() == [[False, True]]  # the trainer decides as the indexer does
