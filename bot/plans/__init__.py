"""Development plans: focus competencies and goals, with nudges when goals fall due."""
