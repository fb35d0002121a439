"""Preview media: where each file of a preview is stored, and how uploads become those files."""
