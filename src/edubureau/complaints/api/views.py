"""Read API of 信访 under ``/api/complaints/``, cut to the reader's scope like the pages; who complained is in the
rows of the 信访 office only (``OfficeComplaintSerializer``)."""

from edubureau.core.api.viewsets import BaseViewSet

from ..models import Complaint
from ..permissions import handles_complaints
from .serializers import ComplaintSerializer, OfficeComplaintSerializer

__all__ = ["ROUTES"]


class ComplaintViewSet(BaseViewSet):
    """信访件"""

    http_method_names = ["get", "head", "options"]
    queryset = Complaint.objects.select_related("school", "teacher", "assigned_school", "assigned_department",
                                                "followup", "repeat_of").order_by("pk")
    serializer_class = ComplaintSerializer
    filterset_fields = ["channel", "category", "received_on"]

    def get_serializer_class(self):
        request = getattr(self, "request", None)
        if request is not None and getattr(request, "user", None) is not None and handles_complaints(request.user):
            return OfficeComplaintSerializer
        return ComplaintSerializer


ROUTES = [("cases", ComplaintViewSet)]
