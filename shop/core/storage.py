from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Files that must never be served by URL (relic originals, unlaunched prototypes).

    They reach a browser only through a view that checks permission and streams them."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a permission-checking view.")
