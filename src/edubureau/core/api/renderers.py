"""The browsable API (HTML view for a signed-in browser), without the generated HTML forms.

DRF's generated forms would offer each foreign key as a drop-down that does not preselect the
current row (fields come out as brief objects), so saving an untouched form could re-point it.
The raw JSON form stays: a clerk edits exactly what the API returns.
"""

from rest_framework.renderers import BrowsableAPIRenderer

__all__ = ["BrowsableAPIRenderer", "RawFormBrowsableAPIRenderer"]


class RawFormBrowsableAPIRenderer(BrowsableAPIRenderer):
    def get_rendered_html_form(self, data, view, method, request):
        return None

    def get_filter_form(self, data, view, request):
        # django-filter's form lists every choice of every filter; the query string does the same job.
        return None
