"""chats routes."""

urlpatterns: list = []
