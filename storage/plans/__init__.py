"""Plans: development plans and their goals."""
