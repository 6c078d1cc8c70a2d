"""Events from articles, on hand-built mentions (independent of the temporal engine)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import Article, ArticleRecord, Modality, PublishedAtSource
from models.event import AnchorKind
from models.mention import Granularity, TimeType
from timeline.extract import extract_events

from .helpers import day, mention, on_day

PUB = day(2022, 2, 17)


def _record(aid: str = "a1", pub: bool = True) -> ArticleRecord:
    return ArticleRecord(
        id=aid,
        published_at=PUB if pub else None,
        published_at_source=PublishedAtSource.FIELD if pub else PublishedAtSource.NONE,
    )


def _events(text: str, phrases: list[tuple[str, int]] | None = None, pub: bool = True):  # type: ignore[no-untyped-def]
    """Events of ``text`` with a day mention on each (phrase, days before PUB)."""
    ms = [on_day(text, p, PUB - timedelta(days=d)) for p, d in (phrases or [])]
    art = Article(id="a1", text=text)
    return extract_events(art, _record(pub=pub), ms)


def _explicit(evs):  # type: ignore[no-untyped-def]
    return [e for e in evs if e.anchor_kind == AnchorKind.EXPLICIT]


def test_event_per_anchored_clause_with_offsets_and_stable_ids() -> None:
    text = (
        "Separatists in the Luhansk region -- where fighting has raged since 2014 -- said on "
        "Thursday that shelling had increased.\n\nThe talks ended."
    )
    ms = [
        mention(text, "since 2014", day(2014, 1, 1), PUB, "2014", Granularity.YEAR),
        on_day(text, "on Thursday", PUB),
    ]
    art = Article(id="art", text=text)
    evs = _explicit(extract_events(art, _record("art"), ms))
    assert [e.id for e in evs] == ["art#1", "art#2"]
    war, thursday = evs
    assert war.clause_role == "parenthetical" and "fighting has raged" in (war.clause or "")
    assert thursday.clause_role == "main" and "fighting" not in (thursday.clause or "")
    for e in evs:
        assert text[e.sentence_start : e.sentence_end] == e.sentence
        assert e.mention.text in e.sentence
    again = _explicit(extract_events(art, _record("art"), ms))
    assert [e.model_dump() for e in again] == [e.model_dump() for e in evs]


def test_sentence_level_event_has_label_actors_places_keywords() -> None:
    text = (
        "Ukraine's military said on Thursday that shells hit a kindergarten in Stanytsia Luhanska, "
        "wounding two civilians."
    )
    (e,) = _explicit(_events(text, [("on Thursday", 0)]))
    assert e.label.startswith("Shells hit a kindergarten in Stanytsia Luhanska")
    assert len(e.label.split()) <= 14
    assert "Stanytsia Luhanska" in e.places
    assert "Ukraine" in e.actors
    assert {"kindergarten", "civilian", "injur", "shell"} <= set(e.keywords)


@pytest.mark.parametrize(
    ("sentence", "speaker", "modality"),
    [
        (
            "Jens Stoltenberg, NATO's secretary-general, said on Thursday that troops had moved.",
            "Jens Stoltenberg",
            Modality.REPORTED,
        ),
        (
            "According to the Ukrainian military, shells hit a school on Thursday.",
            "Ukrainian military",
            Modality.REPORTED,
        ),
        ("Kyiv has claimed the rebels fired shells on Thursday.", "Kyiv", Modality.CLAIMED),
        (
            "Separatists accused Ukrainian forces of opening fire on Thursday.",
            "Separatists",
            Modality.CLAIMED,
        ),
        (
            "The Kremlin denied on Thursday that troops had crossed the border.",
            "Kremlin",
            Modality.DENIED,
        ),
        (
            '"We saw more troops on Thursday," said UK Defence Secretary Ben Wallace.',
            "Ben Wallace",
            Modality.REPORTED,
        ),
        ("The OSCE is expected to offer its assessment on Thursday.", None, Modality.EXPECTED),
        ("The ministers are scheduled to meet on Thursday.", None, Modality.PLANNED),
        ("Russia plans to hold drills on Thursday.", None, Modality.PLANNED),
        ("A bridge was allegedly blown up on Thursday.", None, Modality.CLAIMED),
    ],
)
def test_attribution_and_modality(sentence: str, speaker: str | None, modality: Modality) -> None:
    (e,) = _explicit(_events(sentence, [("on Thursday", 0)]))
    assert e.asserted_by == speaker
    assert e.modality == modality


def test_future_mention_is_expected() -> None:
    text = "Leaders meet in Paris on Saturday."
    ms = [on_day(text, "on Saturday", PUB + timedelta(days=2))]
    (e,) = _explicit(extract_events(Article(id="a1", text=text), _record(), ms))
    assert e.modality == Modality.EXPECTED


def test_pronoun_speaker_and_quote_spanning_sentences() -> None:
    text = (
        'UK Defence Minister Ben Wallace, ahead of a meeting, said: "We have seen the opposite. '
        "We have seen an increase of troops over the last 48 hours, up to 7,000.\n\n"
        '"We are deadly serious."\n\nJames Heappey spoke. He said troops moved on Tuesday.'
    )
    ms = [
        mention(
            text,
            "the last 48 hours",
            PUB - timedelta(hours=48),
            PUB,
            "PT48H",
            Granularity.HOUR,
            TimeType.DURATION,
        ),
        on_day(text, "on Tuesday", PUB - timedelta(days=2)),
    ]
    evs = _explicit(extract_events(Article(id="a1", text=text), _record(), ms))
    assert [(e.mention.text, e.asserted_by) for e in evs] == [
        ("the last 48 hours", "Ben Wallace"),
        ("on Tuesday", "James Heappey"),
    ]


def test_dispute_of_the_previous_statement() -> None:
    text = (
        "Russia announced on Tuesday it had begun to pull some troops back. "
        "But NATO has branded this announcement false."
    )
    (e,) = _explicit(_events(text, [("on Tuesday", 2)]))
    assert e.disputed_by == ["NATO"]
    text2 = "Rebels said on Tuesday that Ukraine had fired first. Ukraine disputed the claim."
    (e2,) = _explicit(_events(text2, [("on Tuesday", 2)]))
    assert e2.disputed_by == ["Ukraine"]
    text3 = "Rebels said on Tuesday that Ukraine had fired first. Ukraine also disputed the border."
    assert _explicit(_events(text3, [("on Tuesday", 2)]))[0].disputed_by == []


def test_inheritance_only_when_the_text_continues() -> None:
    text = (
        "Shells hit a school in Shchastia on Thursday. It also damaged a power line nearby.\n\n"
        "He said the town had been evacuated.\n\n"
        "Troops moved on Thursday. Prices of bread rose in the capital."
    )
    evs = _events(text, [("on Thursday", 0), ("on Thursday", 0)])
    ms = [on_day(text, "on Thursday", PUB), on_day(text, "on Thursday", PUB, occurrence=1)]
    evs = extract_events(Article(id="a1", text=text), _record(), ms)
    inherited = [e for e in evs if e.anchor_kind == AnchorKind.INHERITED]
    assert [e.sentence for e in inherited] == ["It also damaged a power line nearby."]
    assert inherited[0].mention.start_time == PUB


def test_no_events_from_vague_or_unanchored_mentions() -> None:
    text = "It takes weeks to deploy forces. Russia is ready now. Talks are held every Monday."
    ms = [
        mention(text, "weeks", PUB, PUB, "PXW", Granularity.WEEK, TimeType.DURATION).model_copy(
            update={"start_time": None, "end_time": None}
        ),
        mention(text, "now", PUB, PUB + timedelta(days=1), "PRESENT_REF"),
        mention(
            text, "every Monday", PUB, PUB + timedelta(days=1), "XXXX-WXX-1", type_=TimeType.SET
        ),
    ]
    evs = extract_events(Article(id="a1", text=text), _record(), ms)
    assert _explicit(evs) == []


def test_dateline_mentions_are_not_events() -> None:
    text = (
        " date 2022-02-17 Russia has been accused of trying to invade.\n\nTroops moved on Tuesday."
    )
    ms = [on_day(text, "2022-02-17", PUB), on_day(text, "on Tuesday", PUB - timedelta(days=2))]
    evs = _explicit(extract_events(Article(id="a1", text=text), _record(), ms))
    assert [e.mention.text for e in evs] == ["on Tuesday"]


def test_implicit_events_need_a_dated_article_and_a_past_tense_statement() -> None:
    text = (
        "Shells hit a kindergarten building in the town, wounding two civilians.\n\n"
        "Leaders will meet soon to talk."
    )
    dated = extract_events(Article(id="a1", text=text), _record(), [])
    assert [e.anchor_kind for e in dated] == [AnchorKind.IMPLICIT]
    imp = dated[0]
    assert imp.mention.start_time is not None and imp.mention.end_time == PUB + timedelta(days=1)
    assert extract_events(Article(id="a1", text=text), _record(pub=False), []) == []


def test_a_date_heading_dates_its_paragraph() -> None:
    text = (
        "Monday. Ministers met in Kyiv. Talks ended without a deal.\n\n"
        "Markets rallied across Europe."
    )
    ms = [on_day(text, "Monday", PUB - timedelta(days=3))]
    evs = extract_events(Article(id="a1", text=text), _record(), ms)
    kinds = [(e.sentence, e.anchor_kind) for e in evs if e.anchor_kind != AnchorKind.IMPLICIT]
    assert kinds == [
        ("Ministers met in Kyiv.", AnchorKind.INHERITED),
        ("Talks ended without a deal.", AnchorKind.INHERITED),
    ]
    assert all(e.mention.start_time == PUB - timedelta(days=3) for e in evs[:2])


_PIECES = [
    "Mr. Smith said on Tuesday",
    '"We are ready," he said.',
    "Shells hit a school in Novoaidar",
    " -- where fighting raged since 2014 -- ",
    "\n\n",
    "\n- a bullet line\n",
    "According to officials, ",
    "the last 48 hours",
    "(OSCE)",
    "; ",
    "“",
    "...",
    " date 2022-02-17 ",
    "KYIV, Feb 17 (Reuters) - ",
    "Tuesday.",
    "ü ß 東京 ",
]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12), st.booleans())
def test_extraction_never_raises_and_ids_are_unique(pieces: list[str], dated: bool) -> None:
    text = "".join(pieces)
    if not text.strip():
        return
    art = Article(id="fuzz", text=text)
    evs = extract_events(art, _record("fuzz", pub=dated))
    ids = [e.id for e in evs]
    assert len(ids) == len(set(ids))
    for e in evs:
        assert text[e.sentence_start : e.sentence_end] == e.sentence
        assert e.label


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        (
            "Russia announced on Tuesday it had begun to pull some troops back from the border.",
            "Russia had begun to pull some troops back from the border",
        ),
        (
            '"We have seen more troops on Tuesday," said UK Defence Secretary Ben Wallace.',
            "Ben Wallace: we have seen more troops",
        ),
        (
            "Kyiv has claimed the rebels fired shells on the village on Tuesday.",
            "Kyiv claimed the rebels fired shells on the village",
        ),
        (
            "An observer mission of the Organization for Security and Cooperation in Europe "
            "(OSCE) is expected to offer its assessment on Tuesday.",
            "Observer mission of the OSCE is expected to offer its assessment",
        ),
        # a leading adverbial is not the happening
        (
            "In Moscow on Tuesday, Putin held a televised meeting with his foreign minister.",
            "Putin held a televised meeting with his foreign minister",
        ),
        (
            "Late on Tuesday evening, buses were seen gathering in central Donetsk.",
            "Buses were seen gathering in central Donetsk",
        ),
        # nor where it was said
        (
            "Jens Stoltenberg said in Brussels on Tuesday that the alliance saw no sign of "
            "de-escalation.",
            "Alliance saw no sign of de-escalation",
        ),
        (
            "Officials said on Tuesday that, on the contrary, Russia had added thousands of "
            "troops.",
            "Russia had added thousands of troops",
        ),
        # a long label does not stop on its verb
        (
            "Fighting between government troops and separatists in the eastern region since "
            "Tuesday has killed more than 14,000 people, officials said.",
            "Fighting between government troops and separatists in the eastern region has killed "
            "more than 14,000 people",
        ),
    ],
)
def test_labels_are_short_and_scannable(sentence: str, label: str) -> None:
    when = "since Tuesday" if "since Tuesday" in sentence else "on Tuesday"
    (e,) = _explicit(_events(sentence, [(when, 2)]))
    assert e.label == label


def test_an_inverted_reporting_clause_is_its_own_clause() -> None:
    text = (
        "Russia has moved 7,000 troops over the last 48 hours, British Defence Secretary "
        "Ben Wallace said on Tuesday."
    )
    ms = [
        mention(
            text, "the last 48 hours", PUB - timedelta(hours=48), PUB, "PT48H", Granularity.HOUR
        ),
        on_day(text, "on Tuesday", PUB - timedelta(days=2)),
    ]
    moved, said = _explicit(extract_events(Article(id="a1", text=text), _record(), ms))
    assert "7,000" in (moved.clause or "") and "Wallace" not in (moved.clause or "")
    assert "Wallace said" in (said.clause or "") and "7,000" not in (said.clause or "")
    assert moved.asserted_by == said.asserted_by == "Ben Wallace"


# --- "a day after X": the compared happening is an event of its own ----------------------------


def test_a_day_after_dates_the_compared_happening_from_the_sentence() -> None:
    text = (
        "NATO has seen no sign of a pullback, Jens Stoltenberg said on Wednesday, a day after "
        "Moscow announced that some of its units were returning to base."
    )
    evs = _explicit(_events(text, [("on Wednesday", 1)]))
    (rel,) = [e for e in evs if e.mention.rule == "timeline:days_after_happening"]
    assert rel.mention.start_time == PUB - timedelta(days=2)  # Tuesday
    assert rel.mention.granularity == Granularity.DAY
    assert "withdraw" in rel.keywords and "base" in rel.keywords
    assert "units were returning to base" in (rel.clause or "")
    assert rel.asserted_by == "Moscow"  # who announced it, not Stoltenberg who compares
    assert rel.label == "Some of its units were returning to base"
    # the other events keep their numbers
    assert min(e.id for e in evs) == "a1#1" and rel.id == f"a1#{len(evs)}"


def test_days_before_counts_forward_and_a_sentence_without_a_date_uses_its_subject() -> None:
    text = (
        "The videos were recorded on Wednesday, two days before they were released online "
        "by the separatists.\n\n"
        "Shells hit a kindergarten in the village on Thursday. The shelling came two days "
        "after Russia said some of its forces near Ukraine were returning to their bases."
    )
    evs = _explicit(_events(text, [("on Wednesday", 1), ("on Thursday", 0)]))
    rel = {e.mention.text: e for e in evs if e.mention.rule == "timeline:days_after_happening"}
    assert rel["two days before"].mention.start_time == PUB + timedelta(days=1)
    assert rel["two days after"].mention.start_time == PUB - timedelta(days=2)


def test_a_day_after_needs_a_day_to_count_from() -> None:
    text = "Officials met a day after the rebels announced the evacuation of civilians to Russia."
    assert not [e for e in _events(text) if e.mention.rule == "timeline:days_after_happening"]


def test_an_introductory_days_after_phrase_ends_at_its_comma() -> None:
    text = (
        "Two days after the opposition leader was arrested in the capital, protesters "
        "gathered outside parliament on Tuesday."
    )
    evs = _explicit(_events(text, [("on Tuesday", 2)]))
    (rel,) = [e for e in evs if e.mention.rule == "timeline:days_after_happening"]
    assert rel.clause == "Two days after the opposition leader was arrested in the capital"
    assert rel.mention.start_time == PUB - timedelta(days=4)
    (main,) = [e for e in evs if e is not rel]
    assert "arrest" not in main.keywords and "protest" in main.keywords


def test_hours_before_is_the_same_day_and_a_definite_subject_refers_back() -> None:
    text = (
        "The ministry announced on Tuesday that some units were returning to their bases.\n\n"
        "Markets rose on the news.\n\n"
        "The statement came a few hours before the chancellor sat down with the president "
        "in the capital, a day after the chancellor met the prime minister in another city."
    )
    evs = _explicit(_events(text, [("on Tuesday", 2)]))
    rel = {e.mention.text: e for e in evs if e.mention.rule == "timeline:days_after_happening"}
    tuesday = PUB - timedelta(days=2)
    assert rel["a few hours before"].mention.start_time == tuesday
    assert "meet" in rel["a few hours before"].keywords
    assert rel["a day after"].mention.start_time == tuesday - timedelta(days=1)


def test_a_definite_subject_refers_back_only_to_recent_paragraphs() -> None:
    paragraphs = ["The ministry announced on Tuesday that some units were returning."]
    paragraphs += [f"Paragraph {i} talks about something else entirely." for i in range(3)]
    paragraphs.append(
        "The statement came a few hours before the chancellor sat down with the president."
    )
    evs = _events("\n\n".join(paragraphs), [("on Tuesday", 2)])
    assert not [e for e in evs if e.mention.rule == "timeline:days_after_happening"]
