"""People's data rights: the audit log of HR's actions, leavers, retention periods."""
