"""Chats on entities, the caller's chats, and the chats and chat messages CRUD."""

import re

from django.urls import re_path

from kitsu_site.api.routers import ZouRouter
from people import views_chats as views


def route(pattern: str, view):
    regex = re.sub(r"<(\w+)>", r"(?P<\1>[^/]+)", pattern)
    return re_path(rf"^{regex}/?$", view.as_view())


router = ZouRouter()
router.register("data/chats", views.ChatViewSet, basename="chat")
router.register("data/chat-messages", views.ChatMessageViewSet, basename="chat-message")

CHAT = "data/entities/<entity_id>/chat"

urlpatterns = [
    route(CHAT, views.ChatView),
    route(f"{CHAT}/messages", views.ChatMessagesView),
    route(f"{CHAT}/messages/<chat_message_id>", views.ChatMessageView),
    route("data/user/chats", views.UserChatsView),
    route("actions/user/chats/<entity_id>/join", views.JoinChatView),
    *router.urls,
]
