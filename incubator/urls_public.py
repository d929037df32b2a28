from django.urls import path

from incubator.views import public

app_name = "designers"

urlpatterns = [
    path("<slug:slug>/", public.designer_page, name="detail"),
]
