"""config views."""
