import pytest

from reviews.models import Comment, PreviewFile
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.production.factories import TaskFactory

pytestmark = pytest.mark.django_db


def test_admin_gets_review_counts(admin, admin_client):
    task = TaskFactory()
    for name, extension in (("a", "mp4"), ("b", "mov"), ("c", "png"), ("d", "glb"), ("e", "pdf")):
        PreviewFile.objects.create(task=task, name=name, extension=extension)
    Comment.objects.create(object=task, person=admin, text="ok")

    response = admin_client.get("/api/stats")

    assert response.json() == {
        "number_of_video_previews": 2,
        "number_of_picture_previews": 1,
        "number_of_model_previews": 1,
        "number_of_comments": 1,
    }


@pytest.mark.parametrize("role", ["manager", "supervisor", "user", "client", "vendor"])
def test_others_are_refused(role):
    assert client_for(PersonFactory(role=role)).get("/stats").status_code == 403
