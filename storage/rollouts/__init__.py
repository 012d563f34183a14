"""Rollouts: HR's rollouts of career tracks, one per team, with their stages."""
