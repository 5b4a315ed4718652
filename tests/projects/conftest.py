import pytest

from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.enrollment.models import SeatPlan


@pytest.fixture
def county(db):
    region = f.make_region()
    a = f.make_school("甲小学", region=region)
    b = f.make_school("乙小学", region=region)
    SeatPlan.objects.create(school=a, level="小学", classes=4, class_size=45)
    jicai = f.make_department(code="jicai", name="计划财务科", modules=("projects", "balance"), region=region)
    return {
        "region": region, "a": a, "b": b, "jicai": jicai,
        "writer": f.make_user(Role.DEPARTMENT, department=jicai),
        "other_department": f.make_user(Role.DEPARTMENT, department=f.make_department(modules=("org",),
                                                                                      region=region)),
        "head_a": f.make_user(Role.SCHOOL, school=a), "head_b": f.make_user(Role.SCHOOL, school=b),
        "leader": f.make_user(Role.LEADER),
    }
