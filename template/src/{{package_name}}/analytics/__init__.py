"""Product analytics tracking: the tracking plan, typed events, the event outbox and ingest."""
