"""People's data rights in storage: export, forget, leavers and retention."""
