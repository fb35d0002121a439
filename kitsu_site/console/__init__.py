"""Pieces the console pages of every app share: preview thumbnails, action forms and the
history of an object. Knows no domain model: the apps' admin modules bring those."""
