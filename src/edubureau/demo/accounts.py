"""Demo accounts the module stories add to the county's logins: extra inspectors, evaluators, and the
login-less school administrators who answer notices and file appeals in the story."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from edubureau.core.models import Profile
from edubureau.core.roles import Role

from .loader import DEMO_PASSWORD

__all__ = ["demo_user", "school_admin"]


def demo_user(username: str, name: str, role: str, **profile):
    """The demo login ``username`` (password ``DEMO_PASSWORD``), created with its role profile if missing."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=DEMO_PASSWORD, first_name=name)
        Profile.objects.create(user=user, role=role, **profile)
    return user


def school_admin(school):
    """A login-less administrator of ``school`` (no usable password), who acts for the school in the story."""
    User = get_user_model()
    username = f"school{school.code}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name=school.principal or f"{school.name}管理员")
        user.set_unusable_password()
        user.save()
        Profile.objects.create(user=user, role=Role.SCHOOL, school=school)
    return user
