"""``gettext`` that does not load Django: the fast command line runs before Django is set up (issue 17).

Our source strings are Chinese, the language the bureau reads, so without Django the message itself is
the translation. Once Django is configured (the web application, the worker, ``python -m django``) the
call is Django's own ``gettext``, so ``makemessages`` and the catalogues work as before.
"""

from __future__ import annotations

import sys

__all__ = ["gettext"]


def gettext(message: str) -> str:
    """Django's ``gettext(message)`` when Django is configured, else ``message``.

    Examples
    --------
    >>> gettext("未达标")
    '未达标'
    """
    conf = sys.modules.get("django.conf")
    if conf is None or not conf.settings.configured:
        return message
    from django.utils.translation import gettext as django_gettext

    return django_gettext(message)
