"""Chinese first: pages are in simplified Chinese whatever language the browser advertises.

Django's LocaleMiddleware follows ``Accept-Language``, so a bureau PC with an English browser would
get a page mixing our Chinese text with English from Django and the table library. Here the
language comes only from the language cookie (set deliberately) and otherwise ``LANGUAGE_CODE``.
A cookie naming a language not in ``LANGUAGES`` is ignored; today ``LANGUAGES`` lists simplified Chinese alone,
as no other catalogue of our text exists (issue 17).
"""

from django.conf import settings
from django.utils import translation


class ChineseFirstLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
