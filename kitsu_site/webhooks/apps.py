from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Delivers the API's events to the URLs admins registered (models in the api app)."""

    name = "kitsu_site.webhooks"
    label = "webhooks"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from kitsu_site.api.events import add_listener
        from kitsu_site.api.models import Webhook
        from kitsu_site.webhooks.services import active_webhooks_forget
        from kitsu_site.webhooks.tasks import dispatch_event

        add_listener(dispatch_event)
        for signal in (post_save, post_delete):
            signal.connect(
                lambda **kwargs: active_webhooks_forget(),
                sender=Webhook,
                weak=False,
                dispatch_uid=f"webhooks-forget-{signal is post_save}",
            )
