"""Where media live: the local disk by default, or S3-compatible object storage when ``MEDIA_S3_BUCKET`` is set
(``config/settings.py`` chooses). Public media (watermarked previews, product photos, thumbnails) go to the
``default`` storage; relic originals and unlaunched prototypes to the ``private`` one, which has no URL."""

from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import LazyObject
from storages.backends.s3 import S3Storage

PRIVATE_URL_REFUSED = "Private files have no public URL; serve them through a permission-checking view."


class PrivateFileSystemStorage(FileSystemStorage):
    """Files that must never be served by URL (relic originals, unlaunched prototypes).

    They reach a browser only through a view that checks permission and streams them."""

    def url(self, name):
        raise ValueError(PRIVATE_URL_REFUSED)


class PrivateS3Storage(S3Storage):
    """The private storage on S3-compatible object storage: a private bucket, objects with a private ACL,
    and no URL, signed or not; views that check permission stream the files."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError(PRIVATE_URL_REFUSED)


class PrivateStorage(LazyObject):
    """``storages["private"]``, looked up when first used (not when models are imported), so the storage
    the settings name is the one file fields use."""

    def _setup(self) -> None:
        self._wrapped = storages["private"]


private_storage = PrivateStorage()
