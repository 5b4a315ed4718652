"""What a user may open of a scheme, for the templates: the same predicates the views check (issue 17, no tab that
ends on 403), not a second copy of the rule."""

from django import template

from edubureau.evaluation.views.common import may_design, may_score

register = template.Library()

register.filter("may_design", may_design)
register.filter("may_score", may_score)
