"""Normalize time expressions against a document's publication date.

``find_times(text, published)`` finds every time expression in a text (a sentence, a
document) and gives the interval each denotes as a ``TimeValue``: "August 2024" →
2024-08-01 … 2024-08-31, "last fall" seen from 2024-10-30 → 2023-09-01 … 2023-11-30,
"in recent weeks" → the six weeks before publication. ``normalize(expression, published)``
does the same for one expression.

The vocabulary and the patterns are data (graph/data/time.toml); this module only turns a
pattern's groups into dates. Relative expressions ("last week", "in August", "this month")
need the publication date: without one they are left unresolved (None), never guessed
from the clock. Anaphoric ones ("that winter") are anchored on the time expression before
them in the same text, passed along by ``find_times``.

An expression that does not say its direction ("on Thursday", "in July", "on the 18th") is the
most recent such time by default, and the next one in a future clause (``future=True``: "they
will meet on Thursday"); the caller, who has the parse, says which clause is future.

(Two normalizers of the field were tried on this grammar, each seen from the article's publication date,
on the 29 development articles: Duckling, through its offline wheel pyduckling-native-phihos (it installs from
PyPI here), and dateparser 1.5 with RELATIVE_BASE and PREFER_DATES_FROM=past. Of the 112 expressions these
rules find, Duckling puts 49 outside the interval given here: some 40 because it resolves every bare weekday,
month and day forward, as an assistant's calendar does ("on Monday" in a Tuesday story is next Monday, "in
May" next May, "on the 22nd" next month); the others are future clauses ("expected to meet Tuesday", "set to
begin this Sunday"), which the events' timing reads forward from the parse, and two the same stretch bounded
otherwise. Of the 37 it alone finds, four are gains ("tomorrow", "the past two months", "the past ten days"),
now patterns here; the rest are first names ("Jan"), ordinals ("the first", "the second"), numbers ("about
10-12", "4-5", "seven to nine"), "after seven years" read as 2030, and a DD-MM dateline read as MM-DD.
dateparser gives a day, never an interval ("In May" is May 11, "in 2018" September 18), reads "on Friday"
in a Friday story as a week before, and of 60 expressions only it finds nearly all are words ("we" as
Wednesday, "may", "5+5", "2510"). News needs the past by default, the future by the clause's tense, and
intervals: these rules give them, and neither package is a dependency. ("The next day", which Duckling and
these rules read from publication, is counted here from the time the text gave before it.))
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.model import Span, TimeValue

DATA = Path(__file__).parent / "data" / "time.toml"


@dataclass(frozen=True)
class _Pattern:
    kind: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class FutureCues:
    """The words that make a clause future (data, [future]): read on a parse by the events' timing."""
    auxiliaries: frozenset[str]
    before_infinitive: frozenset[str]
    scheduling: frozenset[str]


@dataclass(frozen=True)
class SequenceCues:
    """The words of the order of two clauses (data, [sequence]): read on a parse by the events' timing."""
    words: dict[str, str]  # "after" -> "before": the side "after" introduces was before the other
    brief: frozenset[str]  # "shortly", "hours": a distance under a day
    units: dict[str, int]  # a distance's unit, in days
    end_verbs: frozenset[str]  # "ended on Friday": the day a duration ends (data, [duration])
    over: frozenset[str]  # "held over four days": the prepositions of a duration


@dataclass(frozen=True)
class ReportCues:
    """Reports and their time (data, [report]): read on a parse by the events' timing."""
    news_verbs: frozenset[str]  # "clashes were reported", "Qatar announced a truce": the object is the news
    since: frozenset[str]  # "held since the start of the invasion": what it introduces began earlier, at any time


@dataclass(frozen=True)
class TimeVocabulary:
    months: dict[str, int]
    seasons: dict[str, tuple[int, int]]
    units: dict[str, str]
    numbers: dict[str, int]
    weekdays: dict[str, int]
    recent: dict[str, int]
    day_of_month_followers: frozenset[str]
    future: FutureCues
    sequence: SequenceCues
    report: ReportCues
    patterns: tuple[_Pattern, ...]
    any_pattern: re.Pattern  # all patterns as one, to pass over text that holds no time expression at once
    # The same, case-sensitive, for text in lower case (None if a pattern holds a capital): see _match_starts.
    any_pattern_lowered: re.Pattern | None


def _alternation(words) -> str:
    # Longest first, so "september" is tried before "sep".
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = DATA) -> TimeVocabulary:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    fill = {
        "MONTH": _alternation(data["months"]), "SEASON": _alternation(data["seasons"]),
        "UNIT": _alternation(data["units"]), "NUMBER": _alternation(data["numbers"]),
        "WEEKDAY": _alternation(data["weekdays"]),
    }
    patterns, sources = [], []
    for entry in data["pattern"]:
        source = re.sub(r"\{([A-Z]+)\}", lambda m: fill[m.group(1)], entry["regex"])
        patterns.append(_Pattern(entry["kind"], re.compile(r"(?<![\w-])" + source + r"(?![\w])", re.IGNORECASE)))
        sources.append(re.sub(r"\(\?P<\w+>", "(?:", source))
    # The boundaries once around the alternatives, not in each: the same matches (the look-ahead applies
    # to whichever alternative matched), and a position inside a word fails once, not once per pattern.
    union = r"(?<![\w-])(?:" + "|".join(f"(?:{src})" for src in sources) + r")(?![\w])"
    return TimeVocabulary(
        months={k.lower(): int(v) for k, v in data["months"].items()},
        seasons={k.lower(): (int(v[0]), int(v[1])) for k, v in data["seasons"].items()},
        units={k.lower(): v for k, v in data["units"].items()},
        numbers={k.lower(): int(v) for k, v in data["numbers"].items()},
        weekdays={k.lower(): int(v) for k, v in data["weekdays"].items()},
        recent={k: int(v) for k, v in data["recent"].items()},
        day_of_month_followers=frozenset(data["day_of_month"]["followers"]),
        future=FutureCues(**{key: frozenset(words) for key, words in data["future"].items()}),
        sequence=SequenceCues(words=dict(data["sequence"]["words"]), brief=frozenset(data["sequence"]["brief"]),
                              units={k: int(v) for k, v in data["sequence"]["units"].items()},
                              end_verbs=frozenset(data["duration"]["end_verbs"]),
                              over=frozenset(data["duration"]["over"])),
        report=ReportCues(news_verbs=frozenset(data["report"]["news_verbs"]), since=frozenset(data["report"]["since"])),
        patterns=tuple(patterns),
        any_pattern=re.compile(union, re.IGNORECASE),
        # Only for a union of lower-case literals with no flags of its own: then it matches lower-cased text
        # where the case-insensitive union matches the text (see _match_starts).
        any_pattern_lowered=None if union != union.lower() or re.search(r"\(\?[aiLmsux-]", union)
        else re.compile(union),
    )


# ------------------------------------------------------------------ calendar helpers


def month_interval(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def season_interval(year: int, months: tuple[int, int]) -> tuple[dt.date, dt.date]:
    """The season that starts in ``year`` (winter 2023 = December 2023 … February 2024)."""
    first, last = months
    end_year = year + 1 if last < first else year
    return month_interval(year, first)[0], month_interval(end_year, last)[1]


def _season_start_year_containing(day: dt.date, months: tuple[int, int]) -> int | None:
    for year in (day.year - 1, day.year):
        begin, end = season_interval(year, months)
        if begin <= day <= end:
            return year
    return None


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


# ------------------------------------------------------------------ resolution


class _Resolver:
    def __init__(self, vocab: TimeVocabulary, published: dt.date | None, anchor: tuple[dt.date, dt.date] | None,
                 anchor_is_local: bool = False, future: bool = False):
        self.v, self.pub, self.anchor = vocab, published, anchor
        self.anchor_is_local = anchor_is_local  # the anchor was said in the same sentence
        self.future = future  # said in a future clause: an expression without a direction looks forward

    def month(self, name: str | None) -> int | None:
        return self.v.months.get(name.lower().rstrip(".")) if name else None

    def resolve(self, kind: str, g: dict[str, str | None]) -> tuple[dt.date, dt.date] | None:
        return getattr(self, "_" + kind)(g)

    def _recent_month(self, month: int, day: int | None = None, past: bool = False) -> int | None:
        """The year of the most recent such month (or day) not after publication; in a future clause
        (unless the expression says ``past``: "since June", "last June"), of the next one not before it."""
        if self.pub is None:
            return None
        said, now = (month, day or 1), (self.pub.month, self.pub.day if day else 1)
        if self.future and not past:
            return self.pub.year if said >= now else self.pub.year + 1
        return self.pub.year if said <= now else self.pub.year - 1

    def _month(self, g):
        return month_interval(int(g["year"]), self.month(g["month"]))

    def _month_alone(self, g):
        month = self.month(g["month"])
        year = self._recent_month(month, past=g["prep"].lower() in ("since", "last"))
        return month_interval(year, month) if year else None

    def _month_range(self, g):
        m1, m2 = self.month(g["month"]), self.month(g["month2"])
        year2 = int(g["year"]) if g.get("year") else self._recent_month(m2)
        if year2 is None:
            return None
        year1 = int(g["year1"]) if g.get("year1") else (year2 if m1 <= m2 else year2 - 1)
        return month_interval(year1, m1)[0], month_interval(year2, m2)[1]

    def _month_year_rel(self, g):
        if self.pub is None:
            return None
        step = {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
        return month_interval(self.pub.year + step, self.month(g["month"]))

    def _month_part(self, g):
        month = self.month(g["month"])
        year = int(g["year"]) if g.get("year") else self._recent_month(month)
        if year is None:
            return None
        first, last = month_interval(year, month)
        part = g["part"].lower()
        if part in ("early", "the beginning of", "the start of"):
            return first, first.replace(day=10)
        if part in ("mid", "the middle of"):
            return first.replace(day=11), first.replace(day=20)
        return first.replace(day=21), last

    def _date_range(self, g):
        m2 = self.month(g["month2"]) if g.get("month2") else self.month(g["month"])
        m1 = self.month(g["month"]) if g.get("month") else m2
        d1, d2 = int(g["day"]), int(g["day2"])
        if g.get("year"):
            year2 = int(g["year"])
            year1 = year2 if (m1, d1) <= (m2, d2) else year2 - 1
        else:
            # The year of its first day, as for a date alone ("June 2-5" read on June 3 is this June's)
            year1 = self._recent_month(m1, d1)
            if year1 is None:
                return None
            year2 = year1 if (m1, d1) <= (m2, d2) else year1 + 1
        try:
            begin, end = dt.date(year1, m1, d1), dt.date(year2, m2, d2)
        except ValueError:
            return None
        return (begin, end) if begin < end and (end - begin).days <= 62 else None

    def _day_of_month(self, g):
        if self.pub is None:
            return None
        day = int(g["day"])
        if not 1 <= day <= 31:
            return None
        step = 1 if self.future else -1
        year, month = self.pub.year, self.pub.month
        for _ in range(3):  # this month, else the one before (or after) that has such a day
            if day <= calendar.monthrange(year, month)[1]:
                date = dt.date(year, month, day)
                if (date >= self.pub) if self.future else (date <= self.pub):
                    return date, date
            year, month = _shift_months(year, month, step)
        return None

    def _unit_part(self, g):
        if self.pub is None:
            return None
        unit = g["unit"].lower()
        if unit == "week":
            first = self.pub - dt.timedelta(days=self.pub.weekday())
            last = first + dt.timedelta(days=6)
        elif unit == "month":
            first, last = month_interval(self.pub.year, self.pub.month)
        else:
            first, last = dt.date(self.pub.year, 1, 1), dt.date(self.pub.year, 12, 31)
        return (first, self.pub) if g["part"].lower() == "earlier" else (self.pub, last)

    def _weekend(self, g):
        if self.pub is None:
            return None
        rel = g["rel"].lower()
        wd = self.pub.weekday()
        if rel in ("next", "this coming") or (rel == "this" and self.future and wd < 5):
            ahead = (5 - wd) % 7 or 7
            if rel == "this" or rel == "this coming":
                ahead = (5 - wd) % 7
            saturday = self.pub + dt.timedelta(days=ahead)
        else:
            back = (wd - 5) % 7  # the most recent Saturday (today if it is one)
            if rel in ("last", "this past") and wd >= 5:
                back += 7  # "last weekend" said at the weekend is the one before
            saturday = self.pub - dt.timedelta(days=back)
        return saturday, saturday + dt.timedelta(days=1)

    def _date(self, g):
        month, day = self.month(g["month"]), int(g["day"])
        if not 1 <= day <= 31:
            return None
        year = int(g["year"]) if g.get("year") else self._recent_month(month, day)
        if year is None:
            return None
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return None
        return date, date

    def _iso(self, g):
        try:
            date = dt.date(int(g["year"]), int(g["month"]), int(g["day"]))
        except ValueError:
            return None
        return date, date

    def _since(self, g):
        if g.get("month_only"):
            month = self.month(g["month_only"])
            year = self._recent_month(month, past=True)
            if year is None:
                return None
            begin = month_interval(year, month)[0]
        elif g.get("month"):
            begin = month_interval(int(g["year"]), self.month(g["month"]))[0]
        else:
            begin = dt.date(int(g["year"]), 1, 1)
        # "since October 2022" runs to the time of writing; without it, to the end of that period.
        end = self.pub if self.pub and self.pub >= begin else None
        if end is None:
            return None if g.get("month_only") else (begin, begin)
        return begin, end

    def _part_of_year(self, g):
        year, part = int(g["year"]), g["part"].lower()
        if part in ("early", "earlier in", "the beginning of", "the start of"):
            return dt.date(year, 1, 1), dt.date(year, 4, 30)
        if part in ("late", "later in", "the end of"):
            return dt.date(year, 9, 1), dt.date(year, 12, 31)
        return dt.date(year, 5, 1), dt.date(year, 8, 31)

    def _season(self, g):
        return season_interval(int(g["year"]), self.v.seasons[g["season"].lower()])

    def _season_rel(self, g):
        if self.pub is None:
            return None
        months = self.v.seasons[g["season"].lower()]
        rel = g["rel"].lower()
        current = _season_start_year_containing(self.pub, months)
        if rel in ("this", "coming"):
            # The season we are in, else the next one of that name.
            year = current if current is not None else (
                self.pub.year if month_interval(self.pub.year, months[0])[0] > self.pub else self.pub.year + 1)
        elif rel == "next":
            year = (current + 1) if current is not None else (
                self.pub.year if month_interval(self.pub.year, months[0])[0] > self.pub else self.pub.year + 1)
        else:  # last, past, previous: that season of the previous year ("last fall" seen from 2024 = fall 2023)
            year = self.pub.year - 1
            if months[1] < months[0] and season_interval(self.pub.year - 1, months)[1] >= self.pub:
                year -= 1  # in February 2025 "last winter" is the one before the current winter
        return season_interval(year, months)

    def _season_anaphor(self, g):
        if self.anchor is None:
            return None
        months = self.v.seasons[g["season"].lower()]
        rel = g["rel"].lower()
        start = self.anchor[0]
        year = _season_start_year_containing(start, months)
        if year is None or rel in ("the following", "the next"):
            # The first such season beginning after the anchor starts ("last fall … that winter").
            year = start.year if month_interval(start.year, months[0])[0] > start else start.year + 1
        elif rel == "the previous":
            year -= 1
        return season_interval(year, months)

    def _unit_rel(self, g):
        if self.pub is None:
            return None
        unit, rel = self.v.units[g["unit"].lower()], g["rel"].lower()
        step = {"this": 0, "coming": 1, "next": 1}.get(rel, -1)
        if rel in ("past", "the past", "the last") and unit != "year":
            # "the past week/month" is the stretch just before publication, not the calendar unit.
            days = {"day": 1, "week": 7, "month": 31}[unit]
            return self.pub - dt.timedelta(days=days), self.pub
        if unit == "day":
            day = self.pub + dt.timedelta(days=step)
            return day, day
        if unit == "week":
            monday = self.pub - dt.timedelta(days=self.pub.weekday()) + dt.timedelta(weeks=step)
            return monday, monday + dt.timedelta(days=6)
        if unit == "month":
            return month_interval(*_shift_months(self.pub.year, self.pub.month, step))
        return dt.date(self.pub.year + step, 1, 1), dt.date(self.pub.year + step, 12, 31)

    def _count(self, raw: str) -> int:
        return int(raw) if raw.isdigit() else self.v.numbers.get(raw.lower(), 1)

    def _shift(self, day: dt.date, unit: str, n: int) -> dt.date:
        """``day`` moved by ``n`` units (a month or a year to the same day, or the last one it has)."""
        if unit in ("day", "week"):
            return day + dt.timedelta(days=n * (7 if unit == "week" else 1))
        year, month = _shift_months(day.year, day.month, n * (12 if unit == "year" else 1))
        return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

    def _unit_span(self, g):
        if self.pub is None:
            return None
        unit, n = self.v.units[g["unit"].lower()], self._count(g["n"])
        if g["rel"].lower() in ("next", "coming"):
            return self.pub, self._shift(self.pub, unit, n)
        return self._shift(self.pub, unit, -n), self.pub

    def _coming(self, g):
        if self.pub is None:
            return None
        return self.pub, self.pub + dt.timedelta(days=self.v.recent[self.v.units[g["unit"].lower()]])

    def _unit_anaphor(self, g):
        """ "the next day", "two days later": the unit after (or before) the time the text gave last."""
        if self.anchor is None:
            return None
        if g.get("rel"):
            unit, n, later = g["unit"].lower(), 1, g["rel"].lower() in ("the next", "the following")
        elif g.get("unit2"):
            unit, n, later = self.v.units[g["unit2"].lower()], self._count(g["n"]), g["dir"].lower() == "later"
        else:
            unit, n, later = g["unit3"].lower(), 1, g["dir3"].lower() == "after"
        day = self._shift(self.anchor[1] if later else self.anchor[0], unit, n if later else -n)
        if unit == "day":
            return day, day
        if unit == "week":
            return (day - dt.timedelta(days=6), day) if later else (day, day + dt.timedelta(days=6))
        if unit == "month":
            return month_interval(day.year, day.month)
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)

    def _recent(self, g):
        if self.pub is None:
            return None
        unit = self.v.units[g["unit"].lower()]
        return self.pub - dt.timedelta(days=self.v.recent[unit]), self.pub

    def _ago(self, g):
        if self.pub is None:
            return None
        raw = g["n"].lower()
        n = int(raw) if raw.isdigit() else self.v.numbers.get(raw, 1)
        unit = self.v.units[g["unit"].lower()]
        if unit == "day":
            day = self.pub - dt.timedelta(days=n)
            return day, day
        if unit == "week":
            day = self.pub - dt.timedelta(weeks=n)
            monday = day - dt.timedelta(days=day.weekday())
            return monday, monday + dt.timedelta(days=6)
        if unit == "month":
            return month_interval(*_shift_months(self.pub.year, self.pub.month, -n))
        return dt.date(self.pub.year - n, 1, 1), dt.date(self.pub.year - n, 12, 31)

    def _weekday(self, g):
        if self.pub is None:
            return None
        target = self.v.weekdays[g["weekday"].lower()]
        which = (g.get("which") or "").strip().lower()
        if g.get("dom"):
            # "this Monday (30)": the Monday that is the 30th, the nearest such one to publication
            dom = int(g["dom"])
            near = [self.pub + dt.timedelta(days=k) for k in sorted(range(-10, 11), key=abs)]
            day = next((d for d in near if d.weekday() == target and d.day == dom), None)
            if day is not None:
                return day, day
        if which in ("next", "coming", "this coming") or (self.future and which in ("", "on", "this")):
            # "next Friday", "will meet on Friday": the first one after publication
            ahead = (target - self.pub.weekday()) % 7 or 7
            day = self.pub + dt.timedelta(days=ahead)
            return day, day
        back = (self.pub.weekday() - target) % 7
        if back == 0 and which in ("last", "this past"):
            back = 7  # "last Friday" in a Friday story is a week ago; "on Friday" is the day it was written

        day = self.pub - dt.timedelta(days=back)
        return day, day

    def _today(self, g):
        if self.pub is None:
            return None
        word = g["word"].lower()
        before = self.pub - dt.timedelta(days=1)
        if word == "overnight":  # the night that ended on the day of writing
            return before, self.pub
        if word == "tomorrow":
            day = self.pub + dt.timedelta(days=1)
            return day, day
        day = before if word in ("yesterday", "last night") else self.pub
        return day, day

    def _year(self, g):
        year = int(g["year"])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)

    def _season_alone(self, g):
        months = self.v.seasons[g["season"].lower()]
        if self.anchor is not None and self.anchor_is_local:
            # "last year's agreement, when Russia refrained from attacks in the winter": that year's winter
            start = self.anchor[0]
            year = start.year if month_interval(start.year, months[0])[0] >= start else start.year + 1
            return season_interval(year, months)
        if self.pub is None:
            return None
        current = _season_start_year_containing(self.pub, months)
        if current is not None:
            return season_interval(current, months)
        # Not in that season now: news speaks of the coming one ("ready for winter").
        year = self.pub.year if month_interval(self.pub.year, months[0])[0] > self.pub else self.pub.year + 1
        return season_interval(year, months)


_MONTH_GROUPS = ("month", "month2", "month_only")


def _a_day_of_the_month(vocab: TimeVocabulary, text: str, end: int) -> bool:
    """ "on the 18th" is a day of the month when a punctuation mark or a word that starts a phrase follows,
    not a word that makes the ordinal a noun's ("on the 5th day of talks", "since the 18th century",
    "from the 3rd Army")."""
    following = re.match(r"\s+([^\W\d_]+)", text[end:end + 40])
    return following is None or following.group(1).lower() in vocab.day_of_month_followers


def _months_capitalized(match: re.Match[str]) -> bool:
    """Month names must be written as names: "may" and "march" in lower case are verbs."""
    for name in _MONTH_GROUPS:
        value = match.group(name) if name in match.re.groupindex else None
        if value and not value[0].isupper() and not value.isdigit():
            return False
    return True


def find_times(text: str, published: dt.date | None, offset: int = 0,
               anchor: tuple[dt.date, dt.date] | None = None, future: bool = False) -> list[TimeValue]:
    """Every time expression in ``text``, left to right, without overlaps.

    ``offset`` is added to the spans (the text's position in its document); ``anchor`` is the
    interval anaphoric expressions refer to until the text gives one of its own; ``future``: the
    text is a future clause, where an expression without a direction looks forward.
    """
    vocab = load_vocabulary()
    starts = _match_starts(vocab, text)
    if not starts:
        return []
    candidates: list[tuple[int, int, int, str, dict]] = []
    for order, pattern in enumerate(vocab.patterns):
        for match in _finditer_at(pattern.regex, text, starts):
            if _months_capitalized(match) and (
                    pattern.kind != "day_of_month" or _a_day_of_the_month(vocab, text, match.end())):
                candidates.append((match.start(), -(match.end() - match.start()), order, pattern.kind,
                                   match.groupdict()))
    # Longest match first, then left to right: "in February and March 2024" is one expression,
    # not "in February" followed by "March 2024".
    candidates.sort(key=lambda c: (c[1], c[0], c[2]))
    chosen: list[tuple[int, int, str, dict]] = []
    for start, neg_len, _, kind, groups in candidates:
        end = start - neg_len
        if all(end <= b or e <= start for b, e, _, _ in chosen):
            chosen.append((start, end, kind, groups))
    chosen.sort(key=lambda c: c[0])
    found: list[TimeValue] = []
    for start, end, kind, groups in chosen:
        resolver = _Resolver(vocab, published, anchor, anchor_is_local=bool(found), future=future)
        try:
            interval = resolver.resolve(kind, groups)
        except (ValueError, KeyError, TypeError):
            interval = None
        if interval is None:
            continue
        found.append(TimeValue(interval[0], interval[1], text[start:end], Span(offset + start, offset + end)))
        anchor = interval
    return found


# Characters that match an ASCII letter case-insensitively but are not it in lower case (dotless i, long s),
# found by comparing re's matching with str.lower() over every code point (İ lowers to two characters).
_FOLDED_OTHERWISE = re.compile("[ıſ]")


def _match_starts(vocab: TimeVocabulary, text: str) -> list[int]:
    """Every position where some pattern can match, in order: where the union of the patterns matches.

    A scan finds them outside its own matches; inside one ("between March and April 2024" holds
    "April 2024"), each position is tried on its own. Each pattern is then tried at these few
    positions, not scanned over the whole text (nineteen scans of every sentence that names a time).

    The scan reads the text in lower case with a case-sensitive union, three times faster than a
    case-insensitive one, where that matches at the same positions: when each character lowers to
    one, and none is one that case-insensitive matching folds otherwise."""
    pattern, scanned = vocab.any_pattern, text
    if vocab.any_pattern_lowered is not None:
        lowered = text.lower()
        if len(lowered) == len(text) and not _FOLDED_OTHERWISE.search(text):
            pattern, scanned = vocab.any_pattern_lowered, lowered
    starts: list[int] = []
    for match in pattern.finditer(scanned):
        starts.append(match.start())
        starts.extend(p for p in range(match.start() + 1, match.end()) if pattern.match(scanned, p))
    return starts


def _finditer_at(regex: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``regex.finditer(text)``, trying only ``starts``: the same matches when it cannot match elsewhere.

    finditer tries each position from the end of its last match on; a pattern of the union matches
    only where the union does."""
    end = 0
    for start in starts:
        if start >= end and (match := regex.match(text, start)):
            yield match
            end = match.end()


def normalize(expression: str, published: dt.date | None,
              anchor: tuple[dt.date, dt.date] | None = None, future: bool = False) -> tuple[dt.date, dt.date] | None:
    """The interval one time expression denotes, or None if it cannot be resolved (``future``: said in
    a future clause)."""
    times = find_times(expression, published, anchor=anchor, future=future)
    return (times[0].begin, times[0].end) if times else None
