from django import template

from incubator import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def incubator_unread_count(context) -> int:
    """Unread notifications of the signed-in user, for the portal's navigation."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return 0
    return selectors.notification_unread_count(user=request.user)


@register.simple_tag(takes_context=True)
def incubator_roles(context) -> dict:
    request = context.get("request")
    user = request.user if request else None
    return {
        "designer": bool(user and selectors.user_is_designer(user)),
        "curator": bool(user and selectors.user_is_curator(user)),
        "museum": selectors.staff_museum(user) if user else None,
    }
