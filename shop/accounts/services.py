"""Accounts: registration, sign-in, roles, bearer tokens.

Public surface: other apps call the accounts app through this module (writes and business rules) and
``selectors`` (reads); besides those they use only its models, error codes and roles (``roles``,
``permissions``) and GraphQL types.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shop.accounts import throttle
from shop.accounts.errors import AccountErrorCode
from shop.accounts.events import ACCOUNT_REGISTRATION_ATTEMPTED
from shop.accounts.models import AccessToken, User
from shop.accounts.permissions import user_holds_staff_role, user_roles
from shop.accounts.roles import ADMIN_PERMISSIONS, Role
from shop.core.errors import ApplicationError, ErrorCode, ValidationFailed
from shop.core.links import absolute_url
from shop.core.outbox import event_publish

TOKEN_LIFETIME = timedelta(days=30)


@transaction.atomic
def user_create(*, email: str, password: str | None, display_name: str = "", roles: tuple[Role, ...] = ()) -> User:
    """Create a user holding ``roles`` (groups created on demand)."""
    user = User.objects.create_user(email=email, password=password, display_name=display_name)
    for role in roles:
        user_grant_role(user=user, role=role)
    return user


def user_grant_role(*, user: User, role: Role) -> None:
    """Add the user to the role's group; idempotent. A staff role (``ADMIN_PERMISSIONS``) also lets the
    user sign in to the Django admin, where the group's permissions decide what they see."""
    group, _ = Group.objects.get_or_create(name=Role(role).value)
    user.groups.add(group)
    if Role(role) in ADMIN_PERMISSIONS and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if hasattr(user, "_bashu_roles"):
        del user._bashu_roles


def user_role_self_grant(*, user: User, role: Role) -> None:
    """A person takes a role themself (the designer sign-up): only ``DESIGNER``, and only someone without a staff
    role (``STAFF_ROLES``, Django staff, admins), so a curator or museum's staff cannot become the designer whose
    work they judge. Every other grant is an admin's (``user_grant_role`` from the admin). Idempotent for a role the
    user already holds; otherwise raises ``PERMISSION_DENIED``."""
    if Role(role) in user_roles(user):
        return
    if Role(role) != Role.DESIGNER or user_holds_staff_role(user):
        raise ApplicationError(
            _("Staff accounts cannot sign up as designers; ask an administrator."), code=ErrorCode.PERMISSION_DENIED
        )
    user_grant_role(user=user, role=role)


def role_permissions_sync() -> list[str]:
    """Give each staff role's group exactly the admin permissions ``ADMIN_PERMISSIONS`` lists (run after
    every migrate; idempotent). Returns the listed permissions that do not exist (yet)."""
    missing = []
    for role, names in ADMIN_PERMISSIONS.items():
        wanted = {tuple(name.split(".", 1)) for name in names}
        found = Permission.objects.filter(
            content_type__app_label__in={app for app, _ in wanted}, codename__in={code for _, code in wanted}
        ).select_related("content_type")
        permissions = [p for p in found if (p.content_type.app_label, p.codename) in wanted]
        have = {(p.content_type.app_label, p.codename) for p in permissions}
        missing += sorted(f"{app}.{code}" for app, code in wanted - have)
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set(permissions)
    return missing


def user_language_set(*, user: User, language: str) -> bool:
    """Remember the language ``user`` now uses (one of ``LANGUAGES``), so that what the worker writes to
    them later (emails, notifications) is in it. Returns whether it changed; an unknown code changes nothing."""
    if language not in {code for code, _ in settings.LANGUAGES} or user.language == language:
        return False
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    return True


def access_token_create(*, user: User) -> str:
    """Issue a bearer token; returns the raw key, which is never stored."""
    raw = AccessToken.new_raw_key()
    AccessToken.objects.create(user=user, key_hash=AccessToken.hash(raw), expires_at=timezone.now() + TOKEN_LIFETIME)
    return raw


def account_register(*, email: str, password: str, display_name: str = "") -> User:
    """Register a shopper (role ``customer``). The email is normalised to lower case and must be
    new (``UNIQUE``); the password must pass the configured validators (``PASSWORD_TOO_WEAK``),
    and is stored hashed with Argon2."""
    email = (email or "").strip().lower()
    display_name = (display_name or "").strip()
    errors: list[ApplicationError] = []
    if not email:
        errors.append(ApplicationError(_("Enter your email address."), code=AccountErrorCode.REQUIRED, field="email"))
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                ApplicationError(_("Enter a valid email address."), code=AccountErrorCode.INVALID, field="email")
            )
    if len(display_name) > 120:
        errors.append(
            ApplicationError(_("At most 120 characters."), code=AccountErrorCode.INVALID, field="display_name")
        )
    if not password:
        errors.append(ApplicationError(_("Choose a password."), code=AccountErrorCode.REQUIRED, field="password"))
    else:
        try:
            validate_password(password, user=User(email=email, display_name=display_name))
        except ValidationError as exc:
            errors.append(
                ApplicationError(" ".join(exc.messages), code=AccountErrorCode.PASSWORD_TOO_WEAK, field="password")
            )
    if errors:
        raise ValidationFailed(errors)
    taken = ApplicationError(
        _("An account with this email already exists. Sign in instead."), code=AccountErrorCode.UNIQUE, field="email"
    )
    if User.objects.filter(email__iexact=email).exists():
        raise taken
    try:
        with transaction.atomic():
            return user_create(email=email, password=password, display_name=display_name, roles=(Role.CUSTOMER,))
    except IntegrityError:  # registered concurrently: the unique index decides
        raise taken from None


def account_register_undisclosed(*, email: str, password: str, display_name: str = "") -> str:
    """``account_register`` for the API, without telling whether the email has an account (OWASP ASVS 3.x / the
    finding: ``accountRegister`` answered "taken"): a taken email answers as a new one would (the normalised email)
    and its owner gets an email saying someone tried, at most one a day. Bad input is refused as usual."""
    try:
        return account_register(email=email, password=password, display_name=display_name).email
    except ApplicationError as exc:
        if exc.code != AccountErrorCode.UNIQUE:
            raise
    owner = User.objects.get(email__iexact=(email or "").strip())
    with transaction.atomic():
        event_publish(
            ACCOUNT_REGISTRATION_ATTEMPTED,
            key=f"{ACCOUNT_REGISTRATION_ATTEMPTED.name}:{owner.pk}:{timezone.localdate().isoformat()}",
            user_id=owner.pk,
        )
    return owner.email


def account_registration_attempted_email_send(*, user_id: int) -> bool:
    """Tell an account's owner that someone tried to register their email; False when the account is gone."""
    owner = User.objects.filter(pk=user_id, is_active=True).first()
    if owner is None:
        return False
    with translation.override(owner.language or settings.LANGUAGE_CODE):
        body = render_to_string(
            "accounts/email/registration_attempted.txt",
            {"sign_in_url": absolute_url("accounts:sign-in")},
        )
        send_mail(_("Someone tried to register your email address"), body, None, [owner.email])
    return True


def user_sign_in_check(*, request: HttpRequest, email: str, password: str) -> User:
    """The active user with these credentials, after counting the attempt (``shop.accounts.throttle``: per client
    address, and wrong passwords per account and address with a growing lockout).

    Raises ``RATE_LIMITED`` (checked first, so a locked-out guesser learns nothing, not even a right password) or
    ``INVALID_CREDENTIALS`` (the same message whether the email exists or not). Shared by the sign-in page and
    ``tokenCreate`` (same counts), so switching channel does not reset them."""
    wait = throttle.sign_in_wait(request=request, email=email)
    if wait:
        minutes = max(1, -(-wait // 60))
        message = (
            _("Too many sign-in attempts. Wait a minute and try again.")
            if minutes == 1
            else _("Too many sign-in attempts. Wait %(minutes)s minutes and try again.") % {"minutes": minutes}
        )
        raise ApplicationError(
            message,
            code=AccountErrorCode.RATE_LIMITED,
        )
    user = authenticate(request, username=(email or "").strip().lower(), password=password or "")
    if user is None or not user.is_active:
        throttle.sign_in_failed(request=request, email=email)
        raise ApplicationError(
            _("The email address or password is not correct."), code=AccountErrorCode.INVALID_CREDENTIALS
        )
    throttle.sign_in_succeeded(request=request, email=email)
    return user
