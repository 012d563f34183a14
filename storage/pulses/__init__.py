"""Pulses: pulse polls, who received them, and their anonymous answers and comments."""
