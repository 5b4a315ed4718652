"""``{% can_draft_projects as flag %}``: may the reader turn the balance list into draft projects (计划财务科)?"""

from django import template

from edubureau.core.scope import can_write

register = template.Library()


@register.simple_tag(takes_context=True)
def can_draft_projects(context) -> bool:
    from edubureau.projects.models import Project

    request = context.get("request")
    return bool(request is not None and request.user.is_authenticated and can_write(request.user, Project))
