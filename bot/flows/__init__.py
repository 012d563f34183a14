"""One module per capability; each exposes async functions `(context, ...) -> Reply`."""
