from kitsu_site.api.routers import ZouRouter, route
from kitsu_site.webhooks import views

router = ZouRouter()
router.register("data/webhooks", views.WebhookViewSet, basename="webhook")

urlpatterns = [
    route("data/webhooks/<webhook_id>/deliveries", views.WebhookDeliveriesView),
    route("actions/webhook-deliveries/<delivery_id>/replay", views.WebhookDeliveryReplayView),
    *router.urls,
]
