"""The questions the pulse question-type tests ask: a 1-5 statement, eNPS and a single choice."""

from __future__ import annotations

from bot.pulses.rules import Question, QuestionKind

AGREE = Question("know", "I know what my career track looks like.")
ENPS = Question("enps", "How likely are you to recommend working here?", QuestionKind.ENPS)
CHOICE = Question("often", "How often do you open your track?", QuestionKind.CHOICE,
                  ("Every week", "Every month", "Hardly ever"))
QUESTIONS = (AGREE, ENPS, CHOICE)
