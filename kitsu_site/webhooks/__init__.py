"""Webhooks: the events an admin subscribed a URL to, POSTed there signed, retried with
backoff by the task queue, in order per object, logged and replayable from the console."""
