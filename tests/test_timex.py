"""Time expressions normalized against a publication date (graph/timex.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.timex import find_times, normalize

PUB = dt.date(2024, 10, 30)  # a Wednesday
D = dt.date


@pytest.mark.parametrize(("expression", "begin", "end"), [
    ("August 2024", D(2024, 8, 1), D(2024, 8, 31)),
    ("in February and March 2024", D(2024, 2, 1), D(2024, 3, 31)),
    ("between June and August 2024", D(2024, 6, 1), D(2024, 8, 31)),
    ("from November 2023 to January 2024", D(2023, 11, 1), D(2024, 1, 31)),
    ("last fall", D(2023, 9, 1), D(2023, 11, 30)),
    ("last autumn", D(2023, 9, 1), D(2023, 11, 30)),
    ("last winter", D(2023, 12, 1), D(2024, 2, 29)),
    ("this month", D(2024, 10, 1), D(2024, 10, 31)),
    ("in recent weeks", D(2024, 9, 18), D(2024, 10, 30)),
    ("in 2014", D(2014, 1, 1), D(2014, 12, 31)),
    ("on June 2", D(2024, 6, 2), D(2024, 6, 2)),
    ("June 2, 2023", D(2023, 6, 2), D(2023, 6, 2)),
    ("2 June 2023", D(2023, 6, 2), D(2023, 6, 2)),
    ("in August", D(2024, 8, 1), D(2024, 8, 31)),
    ("in December", D(2023, 12, 1), D(2023, 12, 31)),  # the most recent December, not a future one
    ("in October", D(2024, 10, 1), D(2024, 10, 31)),  # the month of publication counts
    ("last week", D(2024, 10, 21), D(2024, 10, 27)),
    ("last year's", D(2023, 1, 1), D(2023, 12, 31)),
    ("next year", D(2025, 1, 1), D(2025, 12, 31)),
    ("since October 2022", D(2022, 10, 1), PUB),
    ("two weeks ago", D(2024, 10, 14), D(2024, 10, 20)),
    ("on Monday", D(2024, 10, 28), D(2024, 10, 28)),
    ("on Wednesday", PUB, PUB),  # the day of publication (a Wednesday): a story written that day
    ("last Wednesday", D(2024, 10, 23), D(2024, 10, 23)),
    ("yesterday", D(2024, 10, 29), D(2024, 10, 29)),
    ("winter 2023", D(2023, 12, 1), D(2024, 2, 29)),
    ("early 2024", D(2024, 1, 1), D(2024, 4, 30)),
    ("2024-06-14", D(2024, 6, 14), D(2024, 6, 14)),
])
def test_expressions(expression: str, begin: dt.date, end: dt.date) -> None:
    assert normalize(expression, PUB) == (begin, end)


def test_last_winter_seen_from_inside_a_winter() -> None:
    # In February 2025 the current winter began in December 2024: "last winter" is the one before.
    assert normalize("last winter", D(2025, 2, 10)) == (D(2023, 12, 1), D(2024, 2, 29))


def test_in_august_before_august_means_the_previous_year() -> None:
    assert normalize("in August", D(2024, 3, 5)) == (D(2023, 8, 1), D(2023, 8, 31))


@pytest.mark.parametrize("expression", ["in August", "last fall", "this month", "in recent weeks", "last week",
                                        "on June 2", "two weeks ago", "since June"])
def test_relative_expressions_stay_unresolved_without_a_publication_date(expression: str) -> None:
    assert normalize(expression, None) is None


def test_absolute_expressions_need_no_publication_date() -> None:
    assert normalize("in February and March 2024", None) == (D(2024, 2, 1), D(2024, 3, 31))
    assert normalize("in 2014", None) == (D(2014, 1, 1), D(2014, 12, 31))


def test_that_winter_is_anchored_on_the_previous_expression() -> None:
    text = "Last fall, Kyiv and Moscow reached a tacit agreement. Russia refrained from attacks that winter."
    times = find_times(text, PUB)
    assert [t.text for t in times] == ["Last fall", "that winter"]
    assert (times[1].begin, times[1].end) == (D(2023, 12, 1), D(2024, 2, 29))
    assert normalize("that winter", PUB) is None  # nothing to anchor on


def test_spans_are_offsets_into_the_document() -> None:
    text = "Talks resumed in June 2023 after a pause."
    (time,) = find_times(text, PUB, offset=100)
    assert time.text == "June 2023"
    assert (time.span.begin, time.span.end) == (100 + text.index("June"), 100 + text.index(" after"))


def test_numbers_and_verbs_are_not_dates() -> None:
    text = "Russia used more than 1,000 weapons; the talks may 2 times fail, and troops march on 600 sq km."
    assert find_times(text, PUB) == []


def test_longest_expression_wins() -> None:
    (time,) = find_times("Kyiv resumed drone attacks in February and March 2024.", PUB)
    assert time.text == "February and March 2024"


def test_a_season_follows_the_year_said_before_it_in_the_sentence() -> None:
    text = "The talks recall last year's truce, when Russia refrained from attacks in the winter."
    times = find_times(text, PUB)
    assert [(t.text, t.begin, t.end) for t in times] == [
        ("last year's", D(2023, 1, 1), D(2023, 12, 31)), ("in the winter", D(2023, 12, 1), D(2024, 2, 29))]
    # Alone, "in the winter" is the coming one.
    assert normalize("in the winter", PUB) == (D(2024, 12, 1), D(2025, 2, 28))


def test_patterns_tried_where_the_union_matches_find_what_a_scan_finds(seed_corpus) -> None:
    # find_times tries each pattern only where the union of all patterns matches, including inside a
    # longer match ("April 2024" inside "between March and April 2024"): the matches must be a scan's.
    from graph.timex import _finditer_at, _match_starts, load_vocabulary

    texts = [p.read_text(encoding="utf-8") for p in sorted(seed_corpus.glob("*.txt"))]
    texts += ["Talks ran between March and April 2024, then from May to June, and resumed last week, on Friday.",
              "Since October 2022, over 1,000 strikes; early 2023 and mid-2024 saw more, two weeks ago and today."]
    vocab = load_vocabulary()
    tried = 0
    for text in texts:
        starts = _match_starts(vocab, text)
        for pattern in vocab.patterns:
            scanned = [(m.span(), m.groupdict()) for m in pattern.regex.finditer(text)]
            assert [(m.span(), m.groupdict()) for m in _finditer_at(pattern.regex, text, starts)] == scanned
            tried += len(scanned)
    assert tried > 50


def test_the_lower_case_scan_finds_what_the_case_insensitive_scan_finds(seed_corpus) -> None:
    import itertools
    import re

    from graph.timex import _FOLDED_OTHERWISE, _match_starts, load_vocabulary

    vocab = load_vocabulary()
    assert vocab.any_pattern_lowered is not None

    def scanned(pattern: re.Pattern[str], text: str) -> list[int]:
        starts = []
        for match in pattern.finditer(text):
            starts += [p for p in range(match.start(), match.end()) if pattern.match(text, p)]
        return starts

    texts = [p.read_text(encoding="utf-8") for p in sorted(seed_corpus.glob("*.txt"))]
    texts += ["Since AUGUST 2024, ſince May 2023 and ıN June, İn July; two WEEKS ago, LAST ſpring, Σ winter; "
              "on ١٢ March 2024; in K 2024 (a Kelvin sign); BETWEEN march AND April 2024 – and March–April."]
    for text in texts:
        assert _match_starts(vocab, text) == scanned(vocab.any_pattern, text)
    # A character that matches an ASCII letter or digit case-insensitively lowers to it, unless it is one
    # of the few the scan leaves to the case-insensitive union (checked here over the cased scripts).
    alphanumeric = re.compile("[a-z0-9]", re.IGNORECASE)
    for code in itertools.chain(range(0x80, 0x530), range(0x1E00, 0x2200)):
        char = chr(code)
        if alphanumeric.fullmatch(char) and len(char.lower()) == 1 and not re.fullmatch("[a-z0-9]", char.lower()):
            assert _FOLDED_OTHERWISE.fullmatch(char), hex(code)


@pytest.mark.parametrize(("text", "words", "day"), [
    # a weekday without a preposition, or as a possessor, is the most recent one
    ("The talks ended Tuesday.", "Tuesday", D(2024, 10, 29)),
    ("Monday's attack killed five.", "Monday's", D(2024, 10, 28)),
    # "next" looks forward
    ("They will meet next Friday.", "next Friday", D(2024, 11, 1)),
])
def test_weekdays_without_a_preposition_and_forward(text: str, words: str, day: dt.date) -> None:
    (found,) = find_times(text, PUB)
    assert (found.text, found.begin, found.end) == (words, day, day)


@pytest.mark.parametrize("text", ["The Good Friday Agreement held.", "Protests marked Bloody Sunday."])
def test_a_day_that_is_a_name_is_no_date(text: str) -> None:
    assert find_times(text, PUB) == []


# ------------------------------------------------------------------ the grammar of relative expressions
# (PUB, 30 October 2024, is a Wednesday)


@pytest.mark.parametrize(("expression", "begin", "end"), [
    # a month named with the year it is in
    ("in March last year", D(2023, 3, 1), D(2023, 3, 31)),
    ("November last year", D(2023, 11, 1), D(2023, 11, 30)),
    ("in October last year", D(2023, 10, 1), D(2023, 10, 31)),
    ("in November this year", D(2024, 11, 1), D(2024, 11, 30)),
    ("February next year", D(2025, 2, 1), D(2025, 2, 28)),
    # the part of a unit before or after publication
    ("earlier this month", D(2024, 10, 1), PUB),
    ("earlier this year", D(2024, 1, 1), PUB),
    ("earlier this week", D(2024, 10, 28), PUB),
    ("later this month", PUB, D(2024, 10, 31)),
    ("later this year", PUB, D(2024, 12, 31)),
    # the part of a month
    ("in early July", D(2024, 7, 1), D(2024, 7, 10)),
    ("in mid-July", D(2024, 7, 11), D(2024, 7, 20)),
    ("in late July", D(2024, 7, 21), D(2024, 7, 31)),
    # the night before and the day's parts
    ("last night", D(2024, 10, 29), D(2024, 10, 29)),
    ("this morning", PUB, PUB),
    ("overnight", D(2024, 10, 29), PUB),
    # a day of the month alone: the most recent one
    ("on the 18th", D(2024, 10, 18), D(2024, 10, 18)),
    ("on the 31st", D(2024, 8, 31), D(2024, 8, 31)),  # not in September, not yet in October
    # dates written tight
    ("on Aug.14", D(2024, 8, 14), D(2024, 8, 14)),
    # ranges of days
    ("June 2-5", D(2024, 6, 2), D(2024, 6, 5)),
    ("from June 2 to 5, 2023", D(2023, 6, 2), D(2023, 6, 5)),
    ("between 2 and 5 June", D(2024, 6, 2), D(2024, 6, 5)),
    ("June 30-July 2", D(2024, 6, 30), D(2024, 7, 2)),
    ("28-30 September 2022", D(2022, 9, 28), D(2022, 9, 30)),
    # the weekend
    ("over the weekend", D(2024, 10, 26), D(2024, 10, 27)),
    ("next weekend", D(2024, 11, 2), D(2024, 11, 3)),
])
def test_relative_grammar(expression: str, begin: dt.date, end: dt.date) -> None:
    assert normalize(expression, PUB) == (begin, end)


def test_a_range_of_days_is_one_expression_not_a_date_and_a_number() -> None:
    (found,) = find_times("The talks ran June 2-5 in the capital.", PUB)
    assert found.text == "June 2-5"


def test_and_between_two_numbers_is_no_range_without_between() -> None:
    (found,) = find_times("Fighting on June 2 and 12 soldiers died.", PUB)
    assert (found.text, found.begin, found.end) == ("June 2", D(2024, 6, 2), D(2024, 6, 2))


def test_a_weekday_with_its_day_of_the_month_in_brackets() -> None:
    # "this Monday (28)": the Monday that is the 28th; the day in brackets decides between two Mondays
    assert normalize("this Monday (28)", PUB) == (D(2024, 10, 28), D(2024, 10, 28))
    assert normalize("this Monday (4)", PUB) == (D(2024, 11, 4), D(2024, 11, 4))
    (found,) = find_times("The government said this Friday (25) it would talk.", PUB)
    assert (found.text, found.begin) == ("this Friday (25)", D(2024, 10, 25))


@pytest.mark.parametrize(("expression", "backward", "forward"), [
    # a future clause looks forward: "will meet on Thursday" is tomorrow, "met on Thursday" last week
    ("on Thursday", D(2024, 10, 24), D(2024, 10, 31)),
    ("Thursday", D(2024, 10, 24), D(2024, 10, 31)),
    ("this Monday", D(2024, 10, 28), D(2024, 11, 4)),
    ("in July", D(2024, 7, 1), D(2025, 7, 1)),
    ("in late July", D(2024, 7, 21), D(2025, 7, 21)),
    ("on June 2", D(2024, 6, 2), D(2025, 6, 2)),
    ("on the 18th", D(2024, 10, 18), D(2024, 11, 18)),
    ("in November", D(2023, 11, 1), D(2024, 11, 1)),
])
def test_future_clauses_resolve_forward(expression: str, backward: dt.date, forward: dt.date) -> None:
    assert normalize(expression, PUB)[0] == backward
    assert normalize(expression, PUB, future=True)[0] == forward


@pytest.mark.parametrize("expression", ["last Thursday", "two weeks ago", "yesterday", "in March 2024",
                                        "last month", "since June"])
def test_expressions_that_say_their_direction_keep_it_in_a_future_clause(expression: str) -> None:
    assert normalize(expression, PUB, future=True) == normalize(expression, PUB)


@pytest.mark.parametrize("text", ["Fighting on the 5th day of talks.", "Ties since the 18th century.",
                                  "Troops from the 3rd Army crossed."])
def test_an_ordinal_that_is_a_noun_s_is_no_day_of_the_month(text: str) -> None:
    assert find_times(text, PUB) == []


def test_a_day_of_the_month_before_a_comma_or_a_conjunction() -> None:
    found = find_times("The vote, held on the 22nd, and the talks on the 25th and after.", PUB)
    assert [(t.text, t.begin) for t in found] == [("on the 22nd", D(2024, 10, 22)), ("on the 25th", D(2024, 10, 25))]


@pytest.mark.parametrize(("expression", "begin", "end"), [
    ("tomorrow", D(2024, 10, 31), D(2024, 10, 31)),
    # so many units up to publication, or from it
    ("for the past two months", D(2024, 8, 30), PUB),
    ("over the last ten days", D(2024, 10, 20), PUB),
    ("in the past few weeks", D(2024, 10, 9), PUB),
    ("within the next three weeks", PUB, D(2024, 11, 20)),
    ("in the coming days", PUB, D(2024, 11, 6)),
])
def test_spans_up_to_or_from_publication(expression: str, begin: dt.date, end: dt.date) -> None:
    assert normalize(expression, PUB) == (begin, end)


def test_the_last_days_of_something_are_not_the_days_before_publication() -> None:
    assert normalize("during the last two days", PUB) == (D(2024, 10, 28), PUB)
    assert normalize("during the last two days of the summit", PUB) is None


@pytest.mark.parametrize(("text", "expression", "begin", "end"), [
    ("On October 2, Chad proposed a truce. Niger accepted it the next day.", "the next day",
     D(2024, 10, 3), D(2024, 10, 3)),
    ("The envoys met on Monday. Two days later the ministers signed the accord.", "Two days later",
     D(2024, 10, 30), D(2024, 10, 30)),
    ("The accord was signed in 2019. A year later the truce collapsed.", "A year later",
     D(2020, 1, 1), D(2020, 12, 31)),
    ("The accord was signed on Friday, after a meeting of the envoys the day before.", "the day before",
     D(2024, 10, 24), D(2024, 10, 24)),
])
def test_a_distance_from_the_time_the_text_gave_last(text: str, expression: str, begin: dt.date,
                                                     end: dt.date) -> None:
    times = {t.text: (t.begin, t.end) for t in find_times(text, PUB)}
    assert times[expression] == (begin, end)


def test_a_distance_with_nothing_before_it_is_left_open() -> None:
    # not the day after publication: "the next day" counts from a time the text gave
    assert find_times("The ministers signed the accord the next day.", PUB) == []
    assert find_times("They met the day before the vote.", PUB) == []  # the day before an event, not a time
