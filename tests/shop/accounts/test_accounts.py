from __future__ import annotations

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core.cache import cache
from django.urls import reverse

from shop.accounts.models import User
from shop.accounts.services import account_register, account_registration_attempted_email_send
from shop.core.models import OutboxMessage
from tests.factories import UserFactory
from tests.shop.checkout.gql import gql

pytestmark = pytest.mark.django_db

REGISTER = """mutation($input: AccountRegisterInput!) {
  accountRegister(input: $input) { email errors { field code message } } }"""
TOKEN = """mutation($email: String!, $password: String!) { tokenCreate(email: $email, password: $password) {
  token errors { field code message } } }"""
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_register_then_token_then_bearer_request(client):
    result = gql(client, REGISTER, {"input": {"email": "New@Example.com", "password": PASSWORD, "displayName": "New"}})
    assert result["data"]["accountRegister"] == {"email": "new@example.com", "errors": []}
    user = User.objects.get(email="new@example.com")
    assert user.groups.filter(name="customer").exists()
    token = gql(client, TOKEN, {"email": "new@example.com", "password": PASSWORD})["data"]["tokenCreate"]
    assert token["errors"] == [] and token["token"].startswith("bct_")


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = account_register(email="argon@example.com", password=PASSWORD)
    assert identify_hasher(user.password).algorithm == "argon2"


@pytest.mark.parametrize(
    ("email", "password", "expected"),
    [
        ("", PASSWORD, ("email", "REQUIRED")),
        ("not-an-email", PASSWORD, ("email", "INVALID")),
        ("a@example.com", "123", ("password", "PASSWORD_TOO_WEAK")),
        ("a@example.com", "", ("password", "REQUIRED")),
    ],
)
def test_register_refuses_bad_input_and_creates_nobody(client, email, password, expected):
    result = gql(client, REGISTER, {"input": {"email": email, "password": password}})
    errors = result["data"]["accountRegister"]["errors"]
    assert (errors[0]["field"], errors[0]["code"]) == expected
    assert not User.objects.exists()


def test_register_does_not_disclose_a_taken_email_and_tells_its_owner(client):
    """Issue 13, finding 6: accountRegister said whether an email had an account."""
    owner = UserFactory(email="taken@example.com")
    result = gql(client, REGISTER, {"input": {"email": "TAKEN@example.com", "password": PASSWORD}})
    new = gql(client, REGISTER, {"input": {"email": "fresh@example.com", "password": PASSWORD}})

    assert result["data"]["accountRegister"] == {"email": "taken@example.com", "errors": []}
    assert new["data"]["accountRegister"] == {"email": "fresh@example.com", "errors": []}
    assert User.objects.count() == 2
    notices = OutboxMessage.objects.filter(event="account.registration_attempted")
    assert [m.kwargs["user_id"] for m in notices] == [owner.pk]
    # Told at most once a day, however often someone tries.
    gql(client, REGISTER, {"input": {"email": "taken@example.com", "password": PASSWORD}})
    assert notices.count() == 1


def test_the_owner_is_emailed_in_their_language(mailoutbox):
    owner = UserFactory(email="taken@example.com", language="zh-hans")

    assert account_registration_attempted_email_send(user_id=owner.pk)
    assert mailoutbox[0].to == ["taken@example.com"]
    assert "/account/sign-in/" in mailoutbox[0].body
    assert "有人尝试" in mailoutbox[0].subject and "如果是您本人" in mailoutbox[0].body


def test_register_is_rate_limited_per_client_address(client, settings):
    settings.ACCOUNT_REGISTER_RATE_PER_IP = "2/h"
    codes = [
        gql(client, REGISTER, {"input": {"email": f"r{i}@example.com", "password": PASSWORD}})["data"][
            "accountRegister"
        ]["errors"]
        for i in range(3)
    ]

    assert codes[:2] == [[], []]
    assert [e["code"] for e in codes[2]] == ["RATE_LIMITED"]
    assert User.objects.count() == 2


def test_token_create_refuses_wrong_password_with_the_same_message_as_unknown_email(client):
    UserFactory(email="known@example.com")
    wrong = gql(client, TOKEN, {"email": "known@example.com", "password": "wrong"})["data"]["tokenCreate"]
    unknown = gql(client, TOKEN, {"email": "nobody@example.com", "password": "wrong"})["data"]["tokenCreate"]
    assert wrong["token"] is None and wrong["errors"][0]["code"] == "INVALID_CREDENTIALS"
    assert wrong["errors"] == unknown["errors"]


def test_sign_in_page_is_rate_limited_per_ip_across_emails(client, settings):
    settings.SIGN_IN_RATE_PER_IP = "3/h"
    statuses = [
        client.post(reverse("accounts:sign-in"), {"email": f"u{i}@example.com", "password": "x"}).status_code
        for i in range(4)
    ]
    assert statuses == [400, 400, 400, 429]
    response = client.post(reverse("accounts:sign-in"), {"email": "u9@example.com", "password": "x"})
    assert "Too many sign-in attempts" in response.content.decode()


def test_sign_up_sign_in_and_sign_out_pages(client):
    response = client.post(
        reverse("accounts:sign-up"), {"email": "web@example.com", "password": PASSWORD, "display_name": "Web"}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:account")).status_code == 200
    client.post(reverse("accounts:sign-out"))
    assert client.get(reverse("accounts:account")).status_code == 302
    bad = client.post(reverse("accounts:sign-in"), {"email": "web@example.com", "password": "wrong"})
    assert bad.status_code == 400
    good = client.post(
        reverse("accounts:sign-in"), {"email": "web@example.com", "password": PASSWORD, "next": "/cart/"}
    )
    assert good.status_code == 302 and good.url == "/cart/"


def test_sign_in_refuses_an_offsite_next_url(client):
    UserFactory(email="n@example.com")
    response = client.post(
        reverse("accounts:sign-in"), {"email": "n@example.com", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response.url == reverse("landing")
    assert client.get(response.url).url == reverse("accounts:account")  # a shopper lands on their orders


def test_the_sign_up_page_is_rate_limited_per_client_address(client, settings):
    settings.ACCOUNT_REGISTER_RATE_PER_IP = "1/h"
    first = client.post(reverse("accounts:sign-up"), {"email": "w1@example.com", "password": PASSWORD})
    client.post(reverse("accounts:sign-out"))
    second = client.post(reverse("accounts:sign-up"), {"email": "w2@example.com", "password": PASSWORD})

    assert first.status_code == 302
    assert second.status_code == 429
    assert not User.objects.filter(email="w2@example.com").exists()
