from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

from edubureau.core.accounts import AccountPasswordChangeView, TokenManageView
from edubureau.core.api.views import ObtainTokenView
from edubureau.ops.health import healthz

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", AccountPasswordChangeView.as_view(), name="password_change"),
    path("account/token/", TokenManageView.as_view(), name="account-token"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),  # no login: the reverse proxy's and monitor's probe (issue 16)
    # The schema and the docs describe every route and field: signed-in users only (issue 18).
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]), name="api-schema"),
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("api/token/", ObtainTokenView.as_view(), name="api-token"),
    path("api/org/", include("edubureau.org.api.urls")),
    path("api/people/", include("edubureau.people.api.urls")),
    path("api/quality/", include("edubureau.quality.api.urls")),
    path("api/plans/", include("edubureau.plans.api.urls")),
    path("api/balance/", include("edubureau.balance.api.urls")),
    path("api/inspection/", include("edubureau.inspection.api.urls")),
    path("api/evaluation/", include("edubureau.evaluation.api.urls")),
    path("api/staffing/", include("edubureau.staffing.api.urls")),
    path("api/welfare/", include("edubureau.welfare.api.urls")),
    path("api/enrollment/", include("edubureau.enrollment.api.urls")),
    path("api/safety/", include("edubureau.safety.api.urls")),
    path("api/projects/", include("edubureau.projects.api.urls")),
    path("api/complaints/", include("edubureau.complaints.api.urls")),
    path("api/fitness/", include("edubureau.fitness.api.urls")),
    path("org/", include("edubureau.org.urls")),
    path("people/", include("edubureau.people.urls")),
    path("quality/", include("edubureau.quality.urls")),
    path("plans/", include("edubureau.plans.urls")),
    path("balance/", include("edubureau.balance.urls")),
    path("inspection/", include("edubureau.inspection.urls")),
    path("staffing/", include("edubureau.staffing.urls")),
    path("welfare/", include("edubureau.welfare.urls")),
    path("enrollment/", include("edubureau.enrollment.urls")),
    path("safety/", include("edubureau.safety.urls")),
    path("projects/", include("edubureau.projects.urls")),
    path("complaints/", include("edubureau.complaints.urls")),
    path("evaluation/", include("edubureau.evaluation.urls")),
    path("fitness/", include("edubureau.fitness.urls")),
    path("", include("edubureau.core.urls")),
]

# Errors under /api/ answer JSON with a Chinese message, elsewhere the usual pages (issue 18).
handler400 = "edubureau.core.api.errors.bad_request"
handler403 = "edubureau.core.api.errors.permission_denied"
handler404 = "edubureau.core.api.errors.page_not_found"
handler500 = "edubureau.core.api.errors.server_error"
