"""Admin for categories, designs (with licence usages), products (variants, stock, images), stock movements.

It also extends the collection's Licence admin with the categories a licence allows (the
relation lives on ``Category``). Every edit that a service would validate is validated here
with the same functions: usage weights, rates and allowed categories with
``design_validate_usages``; a licence's rate or categories cannot change under a design that
relies on them; new product photos run ``product_image_add`` (re-encoded, no EXIF, thumbnails).
"""

from shop.catalog.admin import designs, licences, products, stock  # noqa: F401 - each module registers its admins
