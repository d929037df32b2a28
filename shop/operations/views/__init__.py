"""The back office's pages, by what they work on: ``orders`` (list, page, notes, cancel), ``fulfilment``
(parcels, tracking, delivery, manifest import, packing slips), ``refunds``, ``returns``, ``stock``. Every
view is for operations only (``access.operations_required``)."""
