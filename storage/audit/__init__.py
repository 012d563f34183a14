"""The audit log of HR's and admins' actions."""
