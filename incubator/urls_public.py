from django.urls import path

from incubator.views import public

app_name = "designers"

urlpatterns = [
    path("", public.designer_index, name="index"),
    path("<slug:slug>/", public.designer_page, name="detail"),
]
