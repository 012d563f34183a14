"""Platform adapters: translate platform events into core events and render core replies."""
