"""Chats on entities, the caller's chats, and the chats and chat messages CRUD."""

from kitsu_site.api.routers import ZouRouter, route
from people import views_chats as views

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
