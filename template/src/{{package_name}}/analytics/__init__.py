"""Product analytics: the tracking plan, the event outbox, KPIs and the daily report."""
