"""Chats: a conversation attached to an entity (a shot, an asset) between its people."""

from __future__ import annotations

from django.db import models

from kitsu_site.api.models import BaseModel
from people.models.accounts import Person


class Chat(BaseModel):
    """The conversation of one entity; people join and leave it."""

    object_id = models.UUIDField(db_index=True)
    object_type = models.CharField(max_length=80, default="entity")
    last_message = models.DateTimeField(null=True, blank=True)
    participants = models.ManyToManyField(
        Person, db_table="chat_participant", related_name="chats", blank=True
    )

    class Meta:
        db_table = "chat"

    def __str__(self) -> str:
        return f"chat on {self.object_id}"


class ChatMessage(BaseModel):
    """One message of a chat."""

    chat = models.ForeignKey(Chat, on_delete=models.CASCADE, related_name="messages")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="chat_messages")
    text = models.TextField(null=True, blank=True)

    class Meta:
        db_table = "chat_message"

    def __str__(self) -> str:
        return (self.text or "")[:50]
