from django.urls import path

from . import city_views, views, views_results

app_name = "evaluation"

urlpatterns = [
    path("", views.scheme_list, name="scheme_list"),
    path("new/", views.scheme_create, name="scheme_create"),
    path("<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("<int:pk>/design/", views.scheme_design, name="scheme_design"),
    path("<int:pk>/design/indicator/new/", views.indicator_form, name="indicator_create"),
    path("<int:pk>/design/indicator/check/", views.indicator_check, name="indicator_check_new"),
    path("<int:pk>/design/indicator/<int:ipk>/", views.indicator_form, name="indicator_edit"),
    path("<int:pk>/design/indicator/<int:ipk>/check/", views.indicator_check, name="indicator_check"),
    path("<int:pk>/design/indicator/<int:ipk>/move/<str:direction>/", views.indicator_move, name="indicator_move"),
    path("<int:pk>/design/indicator/<int:ipk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("<int:pk>/design/category/new/", views.category_form, name="category_create"),
    path("<int:pk>/design/category/<int:cpk>/", views.category_form, name="category_edit"),
    path("<int:pk>/bundles/new/", views.bundle_form, name="bundle_create"),
    path("<int:pk>/bundles/<int:bpk>/", views.bundle_form, name="bundle_edit"),
    path("<int:pk>/bundles/<int:bpk>/delete/", views.bundle_delete, name="bundle_delete"),
    path("<int:pk>/scores/", views.score_entry, name="score_entry"),
    path("<int:pk>/third-party/", views.third_party_import, name="third_party_import"),
    path("<int:pk>/third-party/template/", views.third_party_template, name="third_party_template"),
    path("<int:pk>/figures/", views.figures, name="figures"),
    path("<int:pk>/recompute/", views.recompute, name="recompute"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/appeals/", views.appeal_list, name="appeal_list"),
    path("<int:pk>/appeals/new/", views.appeal_create, name="appeal_create"),
    path("appeals/<int:pk>/", views.appeal_detail, name="appeal_detail"),
]

# The ranking, report cards and the results workbook (views_results.py).
urlpatterns += views_results.urlpatterns
urlpatterns.append(path("city/", city_views.CityEvaluationView.as_view(), name="city"))
