"""The in-process benchmark cases (bench/, `make bench`) at a tiny size, so a schema or API
change that breaks one is caught by the suite, not weeks later by the next `make bench` (the
pulse-results case wrote pulses.secret for a month after migration 0007 dropped it). Figures are
not judged here: the benches judge them, against their baselines, on a quiet machine."""

from __future__ import annotations

from pathlib import Path

from bench import case_import, case_pulse_results


def test_the_pulse_cases_run_against_the_current_schema(tmp_path: Path) -> None:
    results = case_pulse_results.results_case(tmp_path, 60, repeat=1)
    closing = case_pulse_results.closing_case(tmp_path, 60, repeat=1)
    for result in (results, closing):
        assert result.seconds > 0 and result.baseline_seconds > 0, result.line()
    answering = case_pulse_results.answering_case(tmp_path, 450)
    assert answering.seconds > 0 and answering.baseline_seconds > 0, answering.line()


def test_the_import_case_runs(tmp_path: Path) -> None:
    result = case_import.import_case(tmp_path, 200, repeat=1)
    assert result.seconds > 0 and result.baseline_seconds > 0, result.line()
