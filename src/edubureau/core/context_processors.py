"""Template context every page needs: the navigation, filtered by what the user may see."""

from .navigation import menu_for


def navigation(request):
    return {"nav_menu": menu_for(request.user, request.path) if request.user.is_authenticated else []}
