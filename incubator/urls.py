from django.urls import path

from incubator import views

app_name = "incubator"

urlpatterns = [
    path("", views.home, name="home"),
    path("signup/", views.designer_signup, name="signup"),
    path("profile/", views.designer_profile, name="profile"),
    path("relics/", views.relic_library, name="relic_library"),
    path("relics/<slug:slug>/", views.relic_detail, name="relic_detail"),
    path("originals/<id:image_id>/", views.original_tiles, name="original_tiles"),
    path("originals/<id:image_id>/download/", views.relic_image_download, name="relic_image_download"),
    path("originals/<id:image_id>/<path:path>", views.original_tiles, name="original_tile"),
    path("downloads/", views.download_log, name="download_log"),
    path("briefs/", views.brief_list, name="brief_list"),
    path("submissions/", views.submission_list, name="submission_list"),
    path("submissions/new/", views.submission_new, name="submission_new"),
    path("submissions/<id:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<id:pk>/edit/", views.submission_edit, name="submission_edit"),
    path("submissions/<id:pk>/images/", views.submission_image_upload, name="submission_image_upload"),
    path(
        "submissions/<id:pk>/images/<uuid:token>/remove/",
        views.submission_image_delete,
        name="submission_image_remove",
    ),
    path("submissions/<id:pk>/submit/", views.submission_submit, name="submission_submit"),
    path("submissions/<id:pk>/withdraw/", views.submission_withdraw, name="submission_withdraw"),
    path("submissions/<id:pk>/sample/", views.submission_sample, name="submission_sample"),
    path("submissions/<id:pk>/review/", views.submission_review, name="submission_review"),
    path("submissions/<id:pk>/sample/decide/", views.submission_sample_decide, name="submission_sample_decide"),
    path("submissions/<id:pk>/launch/", views.submission_launch, name="submission_launch"),
    path("submissions/<id:pk>/publish/", views.submission_publish, name="submission_publish"),
    path("review/", views.curator_queue, name="curator_queue"),
    path("approvals/", views.approval_queue, name="approval_queue"),
    path("approvals/<id:pk>/decide/", views.approval_decide, name="approval_decide"),
    path("notifications/", views.notification_list, name="notifications"),
    path("media/<uuid:token>/", views.image_serve, name="image"),
]
