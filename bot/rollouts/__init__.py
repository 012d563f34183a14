"""Rolling career tracks out to teams, and HR's organisational self-check."""
