"""Adoption statistics of career tracks across the company."""
