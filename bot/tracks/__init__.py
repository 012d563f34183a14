"""Career tracks: levels, competencies, what the next level expects."""
