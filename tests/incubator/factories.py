"""Incubator test data: people in each role, licences (one jointly held), ready-made submissions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from incubator import services
from incubator.models import Submission
from shop.accounts.roles import Role
from shop.collection.models import MuseumStaff
from tests.factories import CategoryFactory, LicenceFactory, MuseumFactory, RelicFactory, UserFactory
from tests.incubator import images


def _user(roles, **kwargs):
    # No password: the tests sign in with force_login, and hashing (Argon2 outside DJANGO_ENV=test) is slow.
    kwargs.setdefault("password", None)
    return UserFactory(roles=roles, **kwargs)


def designer_user(**kwargs):
    user = _user([Role.DESIGNER], **kwargs)
    services.designer_profile_save(user=user, display_name=user.display_name or "Designer")
    return user


def curator_user(**kwargs):
    return _user([Role.CURATOR], **kwargs)


def museum_staff_user(museum, **kwargs):
    user = _user([Role.MUSEUM_STAFF], **kwargs)
    MuseumStaff.objects.create(user=user, museum=museum)
    return user


@dataclass
class World:
    """Two museums, a category, a relic of the first museum licensed by it alone and a relic held
    jointly by both (60/40), with staff for each museum, a curator and two designers."""

    chongqing: object
    sichuan: object
    category: object
    solo_licence: object
    joint_licence: object
    curator: object
    designer: object
    other_designer: object
    chongqing_staff: object
    sichuan_staff: object
    shopper: object


def make_world() -> World:
    chongqing = MuseumFactory(slug="three-gorges")
    sichuan = MuseumFactory(slug="sichuan")
    category = CategoryFactory(slug="scarves")
    solo = LicenceFactory(relic=RelicFactory(museum=chongqing), categories=[category], museum_rate_bp=1000)
    joint = LicenceFactory(
        relic=RelicFactory(museum=sichuan),
        categories=[category],
        museum_rate_bp=1200,
        shares=[(chongqing, 4000), (sichuan, 6000)],
    )
    return World(
        chongqing=chongqing,
        sichuan=sichuan,
        category=category,
        solo_licence=solo,
        joint_licence=joint,
        curator=curator_user(),
        designer=designer_user(),
        other_designer=designer_user(),
        chongqing_staff=museum_staff_user(chongqing),
        sichuan_staff=museum_staff_user(sichuan),
        shopper=_user([Role.CUSTOMER]),
    )


def make_draft(world: World, *, designer=None, licence=None, with_image: bool = True) -> Submission:
    designer = designer or world.designer
    submission = services.submission_create(
        designer=designer,
        title="Bronze tree scarf",
        description="Silk scarf after the Sanxingdui bronze tree.",
        category=world.category,
        usages=[(licence or world.joint_licence, 10_000)],
        materials="silk",
        dimensions="90 × 90 cm",
        proposed_retail_price=Decimal("268.00"),
        estimated_unit_cost=Decimal("80.00"),
    )
    if with_image:
        services.submission_image_add(submission=submission, actor=designer, upload=images.png_bytes())
    submission.refresh_from_db()
    return submission


def make_submitted(world: World, **kwargs) -> Submission:
    submission = make_draft(world, **kwargs)
    services.submission_submit(submission=submission, actor=submission.designer)
    submission.refresh_from_db()
    return submission


def make_awaiting_museums(world: World, **kwargs) -> Submission:
    submission = make_submitted(world, **kwargs)
    services.submission_review(submission=submission, actor=world.curator, decision="APPROVE")
    submission.refresh_from_db()
    return submission


def make_approved(world: World, **kwargs) -> Submission:
    submission = make_awaiting_museums(world, **kwargs)
    for approval in submission.approvals.all():
        staff = world.chongqing_staff if approval.museum_id == world.chongqing.pk else world.sichuan_staff
        services.museum_approval_decide(approval=approval, actor=staff, decision="APPROVE")
    submission.refresh_from_db()
    return submission


def make_sample_approved(world: World, **kwargs) -> Submission:
    submission = make_approved(world, **kwargs)
    services.submission_sample_submit(submission=submission, actor=submission.designer, uploads=[images.jpeg_bytes()])
    services.submission_sample_decide(submission=submission, actor=world.curator, decision="ACCEPT")
    submission.refresh_from_db()
    return submission


def make_launched(world: World, **kwargs) -> Submission:
    submission = make_sample_approved(world, **kwargs)
    services.submission_launch(
        submission=submission,
        actor=world.curator,
        variants=[
            services.LaunchVariant(
                sku=f"SCARF-{submission.pk}", name="90 cm", name_zh="90 厘米", price=Decimal("268.00"), stock=5
            )
        ],
        name_zh="青铜神树丝巾",
        description_zh="以三星堆青铜神树为纹样的丝巾。",
    )
    submission.refresh_from_db()
    return submission
