"""projects views."""
