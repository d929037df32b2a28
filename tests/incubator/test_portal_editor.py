"""The submission editor and the decision forms: one form for the whole submission (two relics with their
shares and the images), decisions offered only as the transition map allows, the launch form prefilled."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from incubator import services
from incubator.models import Submission, SubmissionState
from tests.incubator import images
from tests.incubator.factories import make_approved, make_draft, make_sample_approved

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_one_form_saves_two_relics_with_their_shares_and_the_images(world):
    response = _client(world.designer).post(
        "/incubator/submissions/new/",
        {
            "title": "Two cities scarf",
            "category": world.category.pk,
            "proposed_retail_price": "268.00",
            "estimated_unit_cost": "80.00",
            "usages": [world.solo_licence.pk, world.joint_licence.pk],
            f"weight_{world.solo_licence.pk}": "60",
            f"weight_{world.joint_licence.pk}": "40",
            "images": [
                SimpleUploadedFile("a.png", images.png_bytes(), content_type="image/png"),
                SimpleUploadedFile("b.jpg", images.jpeg_bytes(with_gps=True), content_type="image/jpeg"),
            ],
            "then": "submit",
        },
    )
    submission = Submission.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/incubator/submissions/{submission.pk}/"
    assert submission.state == SubmissionState.SUBMITTED
    revision = submission.current_revision
    assert sorted(revision.usages.values_list("weight_bp", flat=True)) == [4000, 6000]
    assert revision.images.count() == 2


def test_a_bad_image_refuses_the_whole_save_and_shows_at_the_field(world):
    response = _client(world.designer).post(
        "/incubator/submissions/new/",
        {
            "title": "Half saved?",
            "usages": [world.solo_licence.pk],
            "images": [SimpleUploadedFile("c.png", images.gif_bytes(), content_type="image/png")],
        },
    )
    assert response.status_code == 200
    assert "Only JPEG, PNG or WebP" in response.content.decode()
    assert not Submission.objects.exists()


def test_editing_removes_and_adds_images_in_the_same_save(world):
    draft = make_draft(world)
    token = draft.current_revision.images.get().token
    response = _client(world.designer).post(
        f"/incubator/submissions/{draft.pk}/edit/",
        {
            "title": draft.current_revision.title,
            "category": world.category.pk,
            "usages": [world.joint_licence.pk],
            f"weight_{world.joint_licence.pk}": "100",
            "remove_images": [str(token)],
            "images": [SimpleUploadedFile("d.webp", images.webp_bytes(), content_type="image/webp")],
        },
    )
    assert response.status_code == 302
    assert list(draft.current_revision.images.values_list("format", flat=True)) == ["WEBP"]


def test_the_sample_step_offers_the_curator_no_approval(world):
    submission = make_approved(world)
    services.submission_sample_submit(submission=submission, actor=world.designer, uploads=[images.jpeg_bytes()])
    page = _client(world.curator).get(f"/incubator/submissions/{submission.pk}/").content.decode()
    assert 'value="REJECT"' in page
    assert 'value="APPROVE"' not in page and 'value="REQUEST_CHANGES"' not in page
    assert 'value="ACCEPT"' in page  # the sample decision, which the map allows


def test_the_launch_form_starts_from_the_submission(world):
    submission = make_sample_approved(world)
    page = _client(world.curator).get(f"/incubator/submissions/{submission.pk}/").content.decode()
    assert 'name="price" value="268.00"' in page
    assert f'name="name_en" value="{submission.current_revision.title}"' in page
    assert 'name="name_zh"' in page and 'name="variant_name_zh"' in page


def test_the_editor_shows_the_saved_shares(world):
    submission = services.submission_create(
        designer=world.designer,
        title="Shares",
        category=world.category,
        usages=[(world.solo_licence, 6000), (world.joint_licence, 4000)],
    )
    page = _client(world.designer).get(f"/incubator/submissions/{submission.pk}/edit/").content.decode()
    assert f'id="weight-{world.solo_licence.pk}" type="number" name="weight_{world.solo_licence.pk}"' in page
    assert (
        f'name="weight_{world.solo_licence.pk}" min="0.01" max="100" step="0.01" inputmode="decimal" value="60"' in page
    )
    assert (
        f'name="weight_{world.joint_licence.pk}" min="0.01" max="100" step="0.01" inputmode="decimal" value="40"'
        in page
    )


def test_a_relic_id_no_database_can_hold_is_a_form_error(world):
    """Found by the page fuzzer: on SQLite (the demo) the design form answered 500."""
    response = _client(world.designer).post(
        "/incubator/submissions/new/", {"title": "Overflow", "usages": [str(10**23)], "then": "save"}
    )

    assert response.status_code == 200
    assert 'id="usages-error"' in response.content.decode()
    assert not Submission.objects.exists()
