"""projects console pages."""
