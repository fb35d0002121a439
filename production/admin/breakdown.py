"""breakdown console pages."""
