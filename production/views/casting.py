"""casting views."""
