"""Prototype photos on S3-compatible storage (the local S3 stand-in): uploads land in the private bucket and
reach only those who may see them, streamed by the permission-checking view."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import UserFactory
from tests.incubator import images
from tests.incubator.factories import make_draft

pytestmark = pytest.mark.django_db


def test_a_prototype_photo_is_stored_privately_on_s3_and_streamed_to_its_designer_only(world, s3_media):
    submission = make_draft(world, with_image=False)
    designer = Client()
    designer.force_login(world.designer)
    upload = SimpleUploadedFile("front.jpg", images.jpeg_bytes(), content_type="image/jpeg")
    designer.post(f"/incubator/submissions/{submission.pk}/images/", {"image": upload, "alt": "Front"})
    image = submission.current_revision.images.get()

    listed = s3_media["client"].list_objects_v2(Bucket=s3_media["private"])
    assert [item["Key"] for item in listed["Contents"]] == [image.file.name]
    assert "Contents" not in s3_media["client"].list_objects_v2(Bucket=s3_media["public"])

    response = designer.get(f"/incubator/media/{image.token}/")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    stored = s3_media["client"].get_object(Bucket=s3_media["private"], Key=image.file.name)["Body"].read()
    assert body == stored and body[:2] == b"\xff\xd8"  # the re-encoded JPEG, from the bucket

    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(f"/incubator/media/{image.token}/").status_code == 404
