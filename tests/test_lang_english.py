"""One English stemmer for everyone: lemmas, roots and term keys."""
from __future__ import annotations

import pytest

from zhenqa.corpora.lang import english as E


def test_light_lemmas_meet_across_inflections():
    lemma = E.lemma
    assert lemma("studies") == lemma("studied") == lemma("studying") == lemma("study")
    assert lemma("stopped") == lemma("stop")
    assert lemma("loved") == lemma("loving") == lemma("love")
    assert lemma("women") == "woman" and lemma("went") == lemma("go") == "go"
    assert lemma("Qingyang's") == lemma("Qingyang") == "qingyang"


def test_lemmas_drop_stopwords_and_digits():
    assert E.lemmas("The 3 friends said they were studying in Beijing.") == ["friend", "study", "beij"]
    assert E.tokens("It's 3.5 o’clock") == ["It's", "3.5", "o’clock"]


def test_word_family_roots_meet_across_derivations():
    root = lambda w: E.root(E.lemma(w))  # noqa: E731
    for a, b in [("marriage", "marry"), ("reliance", "rely"), ("awareness", "aware"),
                 ("action", "act"), ("payment", "pay"), ("failure", "fail"),
                 ("existence", "exist"), ("denial", "deny")]:
        assert root(a) == root(b), (a, b)
    assert root("marriage") != root("mare") and root("nation") != root("nature")


def test_words_ending_in_ly_that_are_not_adverbs_keep_one_lemma():
    assert E.lemma("comply") == E.lemma("complies") == "comply"
    assert E.lemma("family") == E.lemma("families")
    assert E.lemma("quickly") == "quick" and E.lemma("finally") == "final"


@pytest.mark.parametrize("a, b", [
    ("Secretary-General", "Secretary General"),
    ("Secretary-General", "secretaries-general"),
    ("Secretaries General", "secretary general"),
    ("co-operation", "cooperation"),
    ("co\u2010operation", "Cooperation"),
    ("States Members", "State Member"),
    ("least developed countries", "Least Developed Country"),
    ("women's rights", "Woman's Right"),
])
def test_phrase_key_ignores_case_plural_and_hyphenation(a, b):
    assert E.phrase_key(a) == E.phrase_key(b)


@pytest.mark.parametrize("a, b", [
    ("least developed countries", "least developing countries"),
    ("Secretary-General", "Secretariat General"),
    ("human rights", "human right council"),
])
def test_phrase_key_keeps_different_terms_apart(a, b):
    assert E.phrase_key(a) != E.phrase_key(b)


def test_phrase_tokens_give_offsets_of_word_parts():
    text = "the Secretaries-General's report"
    toks = E.phrase_tokens(text)
    assert [t for t, _, _ in toks] == ["the", "secretary", "general", "report"]
    for stem, a, b in toks:
        assert text[a:b].casefold().startswith(stem[:4])

