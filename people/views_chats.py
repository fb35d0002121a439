"""Chats on entities: read them, post and delete messages, join and leave; the admin CRUD."""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import NotFound, validation_error
from kitsu_site.api.serializers import ZouSerializer
from kitsu_site.api.viewsets import ZouModelViewSet
from kitsu_site.api.wire import WireFormat
from people import services
from people.login import require_interactive
from people.models import Chat, ChatMessage
from people.selectors import add_attachment_files, user_chats
from people.views_persons import found
from production.models import Entity
from production.permissions import check_entity_access

CHAT_WIRE = WireFormat(Chat)
CHAT_MESSAGE_WIRE = WireFormat(ChatMessage, children=add_attachment_files)


class ChatSerializer(ZouSerializer):
    wire = CHAT_WIRE

    class Meta:
        model = Chat
        fields = "__all__"


class ChatMessageSerializer(ZouSerializer):
    wire = CHAT_MESSAGE_WIRE

    class Meta:
        model = ChatMessage
        fields = "__all__"


class ChatViewSet(ZouModelViewSet):
    queryset = Chat.objects.all()
    serializer_class = ChatSerializer


class ChatMessageViewSet(ZouModelViewSet):
    queryset = ChatMessage.objects.all()
    serializer_class = ChatMessageSerializer


class EntityChatView(APIView):
    """Routes on the chat of an entity the caller may reach."""

    def entity(self, request: Request, entity_id: str) -> Entity:
        entity = found(Entity, entity_id)
        check_entity_access(request.user, entity)
        return entity


class ChatView(EntityChatView):
    def get(self, request: Request, entity_id: str) -> Response:
        entity = self.entity(request, entity_id)
        chat = services.chat_for_entity(entity_id=entity.id)
        # The reference always answers an empty `messages` list here: they have their own route.
        return Response({**CHAT_WIRE.instance(chat, relations=True), "messages": []})


class ChatMessagesView(EntityChatView):
    def get(self, request: Request, entity_id: str) -> Response:
        entity = self.entity(request, entity_id)
        messages = ChatMessage.objects.filter(chat__object_id=entity.id).order_by(
            "created_at", "id"
        )
        return Response(CHAT_MESSAGE_WIRE.rows(messages))

    def post(self, request: Request, entity_id: str) -> Response:
        entity = self.entity(request, entity_id)
        data: Any = request.data
        if hasattr(data, "dict"):
            data = data.dict()
        if not isinstance(data, dict) or "message" not in data:
            raise validation_error(("message", "Field required"))
        if not isinstance(data["message"], str):
            raise validation_error(("message", "Input should be a valid string"))
        message = services.chat_message_create(
            person=request.user,
            entity_id=entity.id,
            project_id=entity.project_id,
            text=data["message"],
            files=[upload for key in request.FILES for upload in request.FILES.getlist(key)],
        )
        body = CHAT_MESSAGE_WIRE.instance(message)
        if not body["attachment_files"]:
            body.pop("attachment_files")  # the reference only lists them when files were sent
        return Response(body, status=status.HTTP_201_CREATED)


class ChatMessageView(EntityChatView):
    def message(self, request: Request, entity_id: str, chat_message_id: str) -> tuple:
        entity = self.entity(request, entity_id)
        message = found(ChatMessage, chat_message_id)
        if message.chat.object_id != entity.id:
            raise NotFound()
        return entity, message

    def get(self, request: Request, entity_id: str, chat_message_id: str) -> Response:
        _, message = self.message(request, entity_id, chat_message_id)
        return Response(CHAT_MESSAGE_WIRE.instance(message))

    def delete(self, request: Request, entity_id: str, chat_message_id: str) -> Response:
        entity, message = self.message(request, entity_id, chat_message_id)
        services.chat_message_delete(
            actor=request.user, message=message, project_id=entity.project_id
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class UserChatsView(APIView):
    def get(self, request: Request) -> Response:
        require_interactive(request.user, request.auth or {})
        return Response(user_chats(person=request.user))


class JoinChatView(EntityChatView):
    """Join or leave an entity's chat: people only, never bots (a `/user` route)."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        require_interactive(request.user, request.auth or {})

    def post(self, request: Request, entity_id: str) -> Response:
        entity = self.entity(request, entity_id)
        chat = services.chat_join(
            person=request.user, entity_id=entity.id, project_id=entity.project_id
        )
        return Response(CHAT_WIRE.instance(chat))

    def delete(self, request: Request, entity_id: str) -> Response:
        entity = self.entity(request, entity_id)
        services.chat_leave(person=request.user, entity_id=entity.id, project_id=entity.project_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
