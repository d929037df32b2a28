"""Designer portal, curator queue and museum approval pages. Thin: forms in, services do the work,
``incubator.selectors`` decides what each person may see (hidden and missing are the same 404).

One module per audience: ``designer`` (the designer's own pages), ``submissions`` (a submission's pages and
images), ``review`` (curators and museums); ``guards`` holds the checks they share.
"""

from incubator.views.designer import (
    brief_list,
    designer_profile,
    designer_signup,
    home,
    notification_list,
    submission_list,
)
from incubator.views.imagery import download_log, original_tiles, relic_detail, relic_image_download, relic_library
from incubator.views.review import (
    approval_decide,
    approval_queue,
    curator_queue,
    submission_launch,
    submission_publish,
    submission_review,
    submission_sample_decide,
)
from incubator.views.submissions import (
    image_serve,
    submission_detail,
    submission_edit,
    submission_image_delete,
    submission_image_upload,
    submission_new,
    submission_sample,
    submission_submit,
    submission_withdraw,
)

__all__ = [
    "approval_decide",
    "approval_queue",
    "brief_list",
    "curator_queue",
    "designer_profile",
    "designer_signup",
    "download_log",
    "home",
    "image_serve",
    "notification_list",
    "original_tiles",
    "relic_detail",
    "relic_image_download",
    "relic_library",
    "submission_detail",
    "submission_edit",
    "submission_image_delete",
    "submission_image_upload",
    "submission_launch",
    "submission_list",
    "submission_new",
    "submission_publish",
    "submission_review",
    "submission_sample",
    "submission_sample_decide",
    "submission_submit",
    "submission_withdraw",
]
