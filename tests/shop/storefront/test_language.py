"""Both languages: the switch in the header sets the language; UI strings and content follow it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _switch_to_chinese(client, next_url: str = "/"):
    return client.post(reverse("set_language"), {"language": "zh-hans", "next": next_url})


def test_header_has_a_language_switch_posting_to_setlang(client, shop):
    html = client.get(reverse("storefront:home")).content.decode()

    assert f'action="{reverse("set_language")}" method="post"' in html
    assert 'name="language" value="zh-hans"' in html
    assert 'name="language" value="en"' in html


def test_language_switch_redirects_back_and_shows_chinese(client, shop):
    url = reverse("storefront:product-detail", args=["tiger-bell-silk-scarf"])

    switched = _switch_to_chinese(client, url)
    response = client.get(url)

    assert switched.status_code == 302 and switched["Location"] == url
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    html = response.content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "巴蜀文创" in html  # the shop's name, translated
    assert "加入购物车" in html  # Add to cart
    assert "虎钮錞于真丝丝巾" in html  # the product's Chinese name
    assert "灵感源自重庆中国三峡博物馆藏战国虎钮錞于" in html  # Inspired by …, in natural word order
    assert "Tiger Bell Silk Scarf" not in html


@pytest.mark.parametrize(
    ("url", "chinese"),
    [
        ("/", "三千年巴蜀"),
        ("/museums/three-gorges/", "重庆中国三峡博物馆"),
        ("/relics/", "每件设计背后的文物"),
        ("/relics/tiger-knob-chunyu/", "巴人的青铜乐器"),
        ("/products/", "全部商品"),
        ("/products/no-such-thing/", "藏品中没有这个页面"),
    ],
)
def test_every_page_speaks_chinese_after_the_switch(client, shop, url, chinese):
    _switch_to_chinese(client)

    response = client.get(url)

    assert chinese in response.content.decode()


def test_browser_language_chooses_chinese_without_the_switch(client, shop):
    response = client.get(reverse("storefront:home"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")

    assert '<html lang="zh-Hans">' in response.content.decode()


def test_form_errors_are_translated(client, shop):
    _switch_to_chinese(client)

    response = client.get(reverse("storefront:product-list"), {"price_min": "abc"})

    assert "输入一个数字。" in response.content.decode()  # Django's own catalogue
    assert "部分筛选条件无法使用" in response.content.decode()
