"""The suggestion engine: Norwegian stems, compounds, explanations, similarity, and the
measured precision and recall on the hand-coded set."""

from torget.consultations import coding, evaluation
from torget.consultations.catalogue import DEFAULT_CODEBOOK

THEMES = evaluation.default_themes()


def keys(text, coded=()):
    return {s.key for s in coding.suggest(text, THEMES, coded)}


def test_inflected_forms_and_compounds_match_their_keyword():
    found = coding.suggest("Seniorsenteret og møteplassene betyr alt.", THEMES)
    by_key = {s.key: s for s in found}
    assert by_key["senior"].words == ["seniorsenteret"]
    assert "senior" in by_key["senior"].keywords or "seniorsenter" in by_key["senior"].keywords
    assert by_key["moteplass"].words == ["møteplassene"]


def test_exact_keywords_do_not_match_other_forms():
    # "=nav" is the agency, not "navet" (the hub of the community).
    assert "kommunal_hjelp" not in keys("Torget er navet i bygda.")
    assert "kommunal_hjelp" in keys("Fikk hjelp med papirer fra NAV.")


def test_phrases_need_their_words_in_order():
    assert "naerhet" in keys("Det er kort vei for meg.")
    assert "naerhet" not in keys("Veien var kort.")


def test_no_theme_for_unrelated_text():
    assert keys("Sett opp en benk ved inngangen.") == set()


def test_similar_coded_answer_suggests_its_theme_and_says_why():
    coded = [
        coding.CodedAnswer(
            7, "Dagtilbudet for personer med demens er gull verdt.", frozenset({"x"})
        )
    ]
    themes = [coding.Theme("x", [])]
    found = coding.suggest("Min far med demens har glede av dagtilbudet.", themes, coded)
    assert [s.key for s in found] == ["x"]
    assert found[0].similar_to == [7]
    assert set(found[0].shared_words) >= {"demens", "dagtilbudet"}


def test_default_codebook_has_the_six_themes():
    assert [k for k, *_ in DEFAULT_CODEBOOK] == [
        "naerhet",
        "moteplass",
        "kommunal_hjelp",
        "fellesskap",
        "senior",
        "ansatte",
    ]


def test_precision_and_recall_on_the_held_out_set():
    scores = evaluation.evaluate_held_out()
    assert scores.precision >= 0.6
    assert scores.recall >= 0.7


def test_score_is_micro_averaged():
    s = coding.score([{"a", "b"}, set()], [{"a"}, {"c"}])
    assert (s.precision, s.recall) == (0.5, 0.5)


def test_demo_answers_meet_the_bar_too():
    scores = evaluation.evaluate_demo()
    assert scores.precision >= 0.6 and scores.recall >= 0.7
