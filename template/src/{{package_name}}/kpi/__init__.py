"""KPI reporting: definitions, queries, the daily report and the dashboard (reads every domain)."""
