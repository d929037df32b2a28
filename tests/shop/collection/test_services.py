import datetime

import pytest

from shop.collection.errors import CollectionErrorCode
from shop.collection.models import Licence, LicenceStatus
from shop.collection.services import licence_create
from shop.core.errors import ApplicationError
from tests.factories import LicenceFactory, MuseumFactory, RelicFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 29)


def test_licence_create_jointly_held_by_two_museums():
    chongqing, sichuan = MuseumFactory(slug="cq"), MuseumFactory(slug="sc")
    licence = licence_create(
        relic=RelicFactory(museum=chongqing),
        reference="LIC-JOINT",
        museum_rate_bp=1200,
        shares=[(chongqing, 5000), (sichuan, 5000)],
        valid_from=TODAY,
    )
    assert set(licence.museums.values_list("slug", flat=True)) == {"cq", "sc"}


@pytest.mark.parametrize(
    ("shares", "code"),
    [
        ([5000, 4999], CollectionErrorCode.SHARES_DO_NOT_SUM),
        ([10_001], CollectionErrorCode.RATE_OUT_OF_RANGE),
        ([], CollectionErrorCode.REQUIRED),
    ],
)
def test_licence_create_refuses_shares_not_summing_to_10000(shares, code):
    museums = [MuseumFactory() for _ in shares]
    with pytest.raises(ApplicationError) as caught:
        licence_create(
            relic=RelicFactory(),
            reference="LIC-BAD",
            museum_rate_bp=1000,
            shares=list(zip(museums, shares, strict=True)),
            valid_from=TODAY,
        )
    assert caught.value.code == code
    assert not Licence.objects.exists()


def test_licence_create_refuses_same_museum_twice():
    museum = MuseumFactory()
    with pytest.raises(ApplicationError):
        licence_create(
            relic=RelicFactory(),
            reference="L",
            museum_rate_bp=1,
            shares=[(museum, 5000), (museum, 5000)],
            valid_from=TODAY,
        )


@pytest.mark.parametrize("rate", [-1, 10_001])
def test_licence_create_refuses_rate_out_of_range(rate):
    museum = MuseumFactory()
    with pytest.raises(ApplicationError) as caught:
        licence_create(
            relic=RelicFactory(), reference="L", museum_rate_bp=rate, shares=[(museum, 10_000)], valid_from=TODAY
        )
    assert caught.value.code == CollectionErrorCode.RATE_OUT_OF_RANGE


def test_licence_create_refuses_end_before_start():
    museum = MuseumFactory()
    with pytest.raises(ApplicationError):
        licence_create(
            relic=RelicFactory(),
            reference="L",
            museum_rate_bp=1000,
            shares=[(museum, 10_000)],
            valid_from=TODAY,
            valid_until=TODAY - datetime.timedelta(days=1),
        )


@pytest.mark.parametrize(
    ("status", "valid_from", "valid_until", "active"),
    [
        (LicenceStatus.ACTIVE, TODAY, None, True),
        (LicenceStatus.ACTIVE, TODAY + datetime.timedelta(days=1), None, False),
        (LicenceStatus.ACTIVE, TODAY - datetime.timedelta(days=9), TODAY, True),
        (LicenceStatus.ACTIVE, TODAY - datetime.timedelta(days=9), TODAY - datetime.timedelta(days=1), False),
        (LicenceStatus.SUSPENDED, TODAY, None, False),
        (LicenceStatus.EXPIRED, TODAY, None, False),
    ],
)
def test_licence_is_active_on(status, valid_from, valid_until, active):
    licence = LicenceFactory(status=status, valid_from=valid_from, valid_until=valid_until)
    assert licence.is_active_on(TODAY) is active
