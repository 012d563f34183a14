"""APScheduler wiring: durable jobs that call the core and send through the Messenger port."""
