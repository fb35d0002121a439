"""breakdown views."""
