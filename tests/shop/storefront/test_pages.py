"""Each storefront page renders with real data, 404s for unknown slugs, and shows what shoppers need."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_shows_museums_featured_relics_and_products(client, shop):
    response = client.get(reverse("storefront:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Chongqing China Three Gorges Museum" in html
    assert "Sichuan Museum" in html
    assert "Tiger-knob Chunyu Bell" in html
    assert "Tiger Bell Silk Scarf" in html
    assert "Two Cities, Two Museums" in html
    assert '<html lang="en">' in html


def test_museum_page_shows_its_relics_and_the_products_they_inspired(client, shop):
    response = client.get(reverse("storefront:museum-detail", args=["three-gorges"]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "The museum of the Three Gorges and the Ba people." in html
    assert "Tiger-knob Chunyu Bell" in html
    assert "Tiger Bell Silk Scarf" in html
    assert "Harvest Portrait Brick" not in html  # Sichuan Museum's relic


def test_relic_page_shows_story_watermarked_preview_rights_and_products(client, shop):
    image = shop["relic_image"]

    response = client.get(reverse("storefront:relic-detail", args=["tiger-knob-chunyu"]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "A bronze bell of the Ba people, crowned with a tiger." in html
    assert "/media/thumbs/relics/previews/" in html  # a thumbnail of the public preview
    assert image.original.name not in html  # never the private original
    assert "originals" not in html
    assert 'href="http://rightsstatements.org/vocab/NoC-CR/1.0/"' in html
    assert "Chongqing China Three Gorges Museum" in html  # credit line
    assert 'alt="Photograph of Tiger-knob Chunyu Bell"' in html
    assert "Tiger Bell Silk Scarf" in html


def test_product_page_credits_relic_museum_period_and_designer(client, shop):
    response = client.get(reverse("storefront:product-detail", args=["tiger-bell-silk-scarf"]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Inspired by Tiger-knob Chunyu Bell, Chongqing China Three Gorges Museum, Warring States" in html
    assert "Designed by Lin Yue" in html
    assert "¥168.00" in html
    assert "¥1,288.50" in html
    assert "/media/thumbs/products/" in html


def test_product_page_marks_sold_out_variant_and_keeps_buyable_one(client, shop):
    response = client.get(reverse("storefront:product-detail", args=["tiger-bell-silk-scarf"]))

    offers = {offer.variant.sku: offer for offer in response.context["offers"]}
    assert offers["SCARF-S"].is_available is True
    assert offers["SCARF-L"].is_available is False
    assert response.context["is_available"] is True
    assert "Sold out" in response.content.decode()


def test_product_with_expired_licence_is_visible_but_unavailable(client, shop):
    response = client.get(reverse("storefront:product-detail", args=["harvest-brick-notebook"]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Harvest Brick Notebook" in html
    assert response.context["is_available"] is False
    assert "Currently unavailable." in html
    assert "licence" in html
    assert "Add to cart" not in html
    assert "Designed by the museum" in html


@pytest.mark.urls("tests.shop.storefront.urls_without_cart")
def test_product_page_renders_without_a_cart_form_while_the_cart_url_is_missing(client, shop):
    response = client.get(reverse("storefront:product-detail", args=["tiger-bell-silk-scarf"]))

    html = response.content.decode()
    assert 'class="buy-box" method="post"' not in html
    assert response.status_code == 200
    assert "Add to cart" in html and "disabled" in html
    assert "Online ordering opens soon." in html


def test_product_page_posts_add_to_cart_to_the_cart(client, shop):
    response = client.get(reverse("storefront:product-detail", args=["tiger-bell-silk-scarf"]))

    html = response.content.decode()
    assert f'method="post" action="{reverse("checkout:cart-add")}"' in html
    assert 'name="variant" value="{}"'.format(shop["scarf"].variants.get(sku="SCARF-S").pk) in html
    assert 'name="quantity"' in html
    assert 'type="submit" class="button button-buy"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/museums/no-such-museum/",
        "/relics/no-such-relic/",
        "/products/no-such-product/",
    ],
)
def test_unknown_slugs_render_the_shop_404_page(client, shop, url):
    response = client.get(url)

    assert response.status_code == 404
    html = response.content.decode()
    assert "This page is not in our collection" in html
    assert "Two Cities, Two Museums" in html


def test_unpublished_product_is_not_found(client, shop):
    shop["scarf"].is_published = False
    shop["scarf"].save()

    assert client.get(reverse("storefront:product-detail", args=["tiger-bell-silk-scarf"])).status_code == 404


def test_pages_refuse_posts(client, shop):
    assert client.post(reverse("storefront:product-list")).status_code == 405
