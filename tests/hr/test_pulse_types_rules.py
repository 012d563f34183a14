"""eNPS and single-choice results: the arithmetic, and the anonymity rule on them (issue 14, A)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.pulses.messages_types import enps_line, team_enps
from bot.pulses.rules import MERGED, GroupResult, Question, Submission, aggregate, tally_of
from bot.pulses.rules_insight import heatmap
from bot.pulses.rules_types import check_score, choice_stats, enps_stats, enps_text, score_range
from tests.hr.pulse_types_sample import AGREE, CHOICE, ENPS, QUESTIONS


def answer(team: str, enps: int, choice: int = 1, agree: int = 4) -> Submission:
    return Submission(team, {AGREE.id: agree, ENPS.id: enps, CHOICE.id: choice})


def test_enps_is_promoters_minus_detractors_as_a_whole_number() -> None:
    # 45% promoters (9 of 20), 35% passives (7), 20% detractors (4): eNPS +25
    scores = [10] * 5 + [9] * 4 + [8] * 4 + [7] * 3 + [6, 3, 0, 0]
    counts = {(ENPS.id, s): scores.count(s) for s in set(scores)}
    stats = enps_stats(ENPS, counts)
    assert stats.distribution == (2, 0, 0, 1, 0, 0, 1, 3, 4, 4, 5)
    assert stats.responses == 20
    assert (stats.promoters, stats.passives, stats.detractors) == (45.0, 35.0, 20.0)
    assert stats.score == 25


@pytest.mark.parametrize(("promoters", "detractors", "score"), [(18, 9, 23), (9, 18, -23)])
def test_a_half_rounds_away_from_zero(promoters: int, detractors: int, score: int) -> None:
    # of 40: 45% and 22.5% (the example, +23), and the mirror image
    counts = {(ENPS.id, 10): promoters, (ENPS.id, 7): 40 - promoters - detractors,
              (ENPS.id, 2): detractors}
    assert enps_stats(ENPS, counts).score == score


def test_enps_runs_from_minus_100_to_plus_100() -> None:
    assert enps_stats(ENPS, {(ENPS.id, 0): 6}).score == -100
    assert enps_stats(ENPS, {(ENPS.id, 10): 6}).score == 100
    assert enps_stats(ENPS, {(ENPS.id, 8): 6}).score == 0


def test_a_score_of_0_reads_0_everywhere_it_is_written() -> None:
    """Not "+0": a sign on zero reads like a rounding artefact."""
    zero = enps_stats(ENPS, {(ENPS.id, 8): 6})
    assert (enps_text(0), enps_text(23), enps_text(-7)) == ("0", "+23", "-7")
    assert enps_line(zero).startswith("eNPS 0 (0% promoters")
    group = GroupResult("Alpha", True, 6, 6, enps=(zero,))
    assert team_enps(group) == ", eNPS 0"


@given(st.lists(st.integers(0, 10), min_size=1, max_size=60))
def test_enps_parts_add_up_and_the_score_follows_them(scores: list[int]) -> None:
    counts = {(ENPS.id, s): scores.count(s) for s in set(scores)}
    stats = enps_stats(ENPS, counts)
    assert sum(stats.distribution) == stats.responses == len(scores)
    assert stats.promoters + stats.passives + stats.detractors == pytest.approx(100.0)
    assert abs(stats.score - (stats.promoters - stats.detractors)) <= 0.5
    assert -100 <= stats.score <= 100


def test_choice_counts_and_percents_follow_the_choices_in_order() -> None:
    stats = choice_stats(CHOICE, {(CHOICE.id, 1): 3, (CHOICE.id, 3): 1})
    assert stats.counts == (3, 0, 1) and stats.responses == 4
    assert stats.percents == (75.0, 0.0, 25.0)


@pytest.mark.parametrize(("question", "good", "bad"), [
    (AGREE, (1, 5), (0, 6)), (ENPS, (0, 10), (-1, 11)), (CHOICE, (1, 3), (0, 4))])
def test_each_kind_takes_its_own_scores(question: Question, good: tuple[int, int],
                                        bad: tuple[int, int]) -> None:
    assert score_range(question) == good
    assert all(check_score(question, s) is None for s in range(good[0], good[1] + 1))
    for s in bad:
        message = check_score(question, s)
        assert message and "\n" not in message


def test_results_carry_enps_and_choices_per_shown_group_and_stats_stay_agreement() -> None:
    # tiny (2) is under the threshold, so the next smallest, c (5), is hidden with it
    answers = ([answer("a", 10, 1)] * 3 + [answer("a", 5, 2)] * 3 + [answer("b", 9, 3)] * 6
               + [answer("c", 8, 2)] * 5 + [answer("tiny", 0, 3)] * 2)
    results = aggregate(QUESTIONS, tally_of(answers), {"a": 6, "b": 6, "c": 5, "tiny": 2}, 5)
    overall = results.overall
    assert [s.question for s in overall.stats] == [AGREE]
    assert overall.favourable == 100.0  # the 0s and 5s of eNPS never count as disagreement
    (enps,) = overall.enps
    assert enps.responses == 19 and enps.distribution[0] == 2 and enps.distribution[10] == 3
    assert enps.score == 21  # 47.4% promoters - 26.3% detractors
    (choice,) = overall.choices
    assert choice.counts == (3, 8, 8)
    shown = {t.name: t for t in results.teams if t.shown}
    assert set(shown) == {"a", "b"}
    assert shown["b"].enps[0].score == 100 and shown["a"].choices[0].counts == (3, 3, 0)
    hidden = [t for t in results.teams if not t.shown]
    assert hidden and all(t.enps == () and t.choices == () and t.stats == () for t in hidden)
    assert heatmap(results).questions == (AGREE,)


def test_below_threshold_nothing_of_enps_or_choices_is_shown() -> None:
    results = aggregate(QUESTIONS, tally_of([answer("a", 10)] * 4), {"a": 4}, 5)
    assert not results.overall.shown
    assert results.overall.enps == () and results.overall.choices == ()


def test_merged_small_teams_report_like_any_group() -> None:
    # a closed pulse stores small teams as MERGED; together they reach the threshold
    answers = [answer("big", 10)] * 6 + [answer(MERGED, 0)] * 5
    results = aggregate(QUESTIONS, tally_of(answers), {"big": 6, MERGED: 7}, 5)
    merged = next(t for t in results.teams if t.name == MERGED)
    assert merged.shown and merged.enps[0].score == -100


def test_a_pulse_of_enps_only_counts_its_responses() -> None:
    answers = [Submission("a", {ENPS.id: 7}) for _ in range(5)]
    results = aggregate((ENPS,), tally_of(answers), {"a": 5}, 5)
    assert results.overall.responses == 5 and results.overall.stats == ()
    assert results.overall.favourable is None and results.overall.enps[0].passives == 100.0
