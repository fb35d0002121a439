"""The default storage is the local folder, or an S3-compatible store by configuration."""

import boto3
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def test_local_storage_writes_under_media_root(media_root):
    default_storage.save("pictures/a.txt", ContentFile(b"hello"))

    assert (media_root / "pictures" / "a.txt").read_bytes() == b"hello"


def test_s3_storage_writes_to_the_bucket(s3_storage, s3_server):
    default_storage.save("pictures/a.txt", ContentFile(b"hello"))

    s3 = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    body = s3.get_object(Bucket=s3_storage, Key="pictures/a.txt")["Body"].read()
    assert body == b"hello"
    with default_storage.open("pictures/a.txt", "rb") as stored:
        assert stored.read() == b"hello"
