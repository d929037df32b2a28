from django.urls import path

from incubator import views

app_name = "incubator"

urlpatterns = [
    path("", views.home, name="home"),
    path("signup/", views.designer_signup, name="signup"),
    path("profile/", views.designer_profile, name="profile"),
    path("relics/", views.relic_library, name="relic_library"),
    path("relics/<slug:slug>/", views.relic_detail, name="relic_detail"),
    path("originals/<int:image_id>/", views.original_tiles, name="original_tiles"),
    path("originals/<int:image_id>/download/", views.relic_image_download, name="relic_image_download"),
    path("originals/<int:image_id>/<path:path>", views.original_tiles, name="original_tile"),
    path("downloads/", views.download_log, name="download_log"),
    path("briefs/", views.brief_list, name="brief_list"),
    path("submissions/", views.submission_list, name="submission_list"),
    path("submissions/new/", views.submission_new, name="submission_new"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/edit/", views.submission_edit, name="submission_edit"),
    path("submissions/<int:pk>/images/", views.submission_image_upload, name="submission_image_upload"),
    path(
        "submissions/<int:pk>/images/<uuid:token>/remove/",
        views.submission_image_delete,
        name="submission_image_remove",
    ),
    path("submissions/<int:pk>/submit/", views.submission_submit, name="submission_submit"),
    path("submissions/<int:pk>/withdraw/", views.submission_withdraw, name="submission_withdraw"),
    path("submissions/<int:pk>/sample/", views.submission_sample, name="submission_sample"),
    path("submissions/<int:pk>/review/", views.submission_review, name="submission_review"),
    path("submissions/<int:pk>/sample/decide/", views.submission_sample_decide, name="submission_sample_decide"),
    path("submissions/<int:pk>/launch/", views.submission_launch, name="submission_launch"),
    path("submissions/<int:pk>/publish/", views.submission_publish, name="submission_publish"),
    path("review/", views.curator_queue, name="curator_queue"),
    path("approvals/", views.approval_queue, name="approval_queue"),
    path("approvals/<int:pk>/decide/", views.approval_decide, name="approval_decide"),
    path("notifications/", views.notification_list, name="notifications"),
    path("media/<uuid:token>/", views.image_serve, name="image"),
]
