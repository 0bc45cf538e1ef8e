"""Durable jobs: work queued in the transaction of the change that causes it, done later by
`worker`, retried with backoff, and set aside with its reason when it can never succeed.
"""
