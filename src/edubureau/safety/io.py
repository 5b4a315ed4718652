"""Excel in and out for safety: the hazard ledger (隐患排查整改台账), school buses (校车, 驾驶人, 线路), canteens and
their suppliers, and drill records. A bad row names its row, column and reason and nothing is written (``core.io``);
each new hazard's follow-up is opened as it is written (a 重大 one goes to the leaders at once).

Rows are found by what a clerk has on paper: a bus by its plate, a driver, a route, a canteen by 学校标识码 and name,
a supplier by its school's canteen and its name, a drill by school, date and kind. A driver's ID number and phone
are exported in full only to those who read them in full on the driver's page (the 安全科 and the bus's school),
and each driver so exported is logged as a view of the page is.
"""

from django.utils.translation import gettext_lazy as _

from edubureau.core import idcard
from edubureau.core.io.spec import Column, Ref, SheetSpec
from edubureau.org.io import school_code_column

from .engine.papers import overload_message
from .models import CATEGORY_CHOICES, GRADE_CHOICES, Canteen, Drill, Driver, Hazard, Route, Supplier, Vehicle
from .permissions import sees_driver_papers

__all__ = ["SPECS"]

VEHICLE_REF = Ref("safety.Vehicle", ("plate",), _("车牌号不存在：{value}（请先导入校车）"))
CANTEEN_REF = Ref("safety.Canteen", ("name",), _("食堂不存在：{value}（请先导入学校食堂）"))
EXPIRY_HELP = _("如 2027-06-30")


class HazardSheet(SheetSpec):
    model = Hazard
    key = ("code",)
    title = _("安全隐患")
    notes = [_("每个隐患一行；隐患编号唯一（如 YH2026-0001），再次导入同一编号即更新该隐患。"),
             _("整改期限留空时按等级自动计算（一般30天、较大15天、重大7天，以安全设置为准）；重大隐患导入后即报局领导。")]
    columns = [
        Column(_("隐患编号"), "code", kind="code", required=True),
        school_code_column(),
        Column(_("隐患类别"), "category", kind="choice", choices=CATEGORY_CHOICES, required=True),
        Column(_("隐患描述"), "description", required=True, width=40),
        Column(_("等级"), "grade", kind="choice", choices=GRADE_CHOICES, required=True),
        Column(_("发现途径"), "source", kind="choice", choices=Hazard.Source.choices),
        Column(_("发现日期"), "found_on", kind="date", required=True),
        Column(_("整改期限"), "deadline", kind="date"),
        Column(_("责任人"), "responsible", required=True),
        Column(_("整改措施"), "measures", width=40),
    ]

    def build(self, row, ctx):
        from .services import fill_hazard

        hazard = row.instance
        if not hazard.source:
            hazard.source = Hazard.Source.SELF
        if hazard.found_on and hazard.grade:
            fill_hazard(hazard)

    def check(self, row, ctx):
        hazard = row.instance
        if hazard.deadline and hazard.found_on and hazard.deadline < hazard.found_on:
            yield "deadline", str(_("整改期限不能早于发现日期。"))

    def after_write(self, rows, ctx):
        from .services import open_hazard

        for row in rows:
            hazard = row.instance
            if row.created and hazard.followup_id is None:
                open_hazard(hazard, user=ctx.user)
        return []


# --- 校车 ------------------------------------------------------------------------------------------------------


def _same_school(row):
    """The bus named on a driver's or route's row must be the row's school's own (as the pages refuse)."""
    obj = row.instance
    if obj.vehicle_id and obj.school_id and obj.vehicle.school_id != obj.school_id:
        yield "vehicle", str(_("校车{plate}不是本校的校车，只能选择本校的校车。")).format(plate=obj.vehicle.plate)


class VehicleSheet(SheetSpec):
    model = Vehicle
    key = ("plate",)
    title = _("校车")
    notes = [_("每辆校车一行，按车牌号匹配：再次导入同一车牌号即更新该车（如年检、续保后的新有效期）。"),
             _("车牌号按行驶证填写，如 赣C·X1234；核载人数为行驶证核定载客人数（座位数）。"),
             _("核载人数不能少于使用该车的线路的乘车学生数：校车严禁超员。")]
    columns = [
        Column(_("车牌号"), "plate", kind="code", required=True, aliases=[_("号牌号码"), _("校车车牌号")]),
        school_code_column(_("使用学校标识码"), aliases=[_("学校标识码")]),
        Column(_("车型"), "model_name", width=30, aliases=[_("品牌型号")]),
        Column(_("核载人数"), "seats", kind="int", required=True, aliases=[_("核定载客"), _("座位数")],
               help=_("行驶证核定载客人数")),
        Column(_("年检有效期至"), "inspection_expiry", kind="date", required=True, help=EXPIRY_HELP),
        Column(_("保险有效期至"), "insurance_expiry", kind="date", required=True, help=EXPIRY_HELP),
    ]

    def prepare(self, rows, ctx):
        plates = {r.values.get("plate") for r in rows if r.values.get("plate")}
        loads: dict[str, list[tuple[str, int]]] = {}
        for plate, name, pupils in Route.objects.filter(vehicle__plate__in=plates).values_list(
                "vehicle__plate", "name", "pupils"):
            loads.setdefault(plate, []).append((name, pupils))
        ctx.extra["route_loads"] = loads

    def check(self, row, ctx):
        bus = row.instance
        if row.created or not bus.seats:
            return
        for name, pupils in ctx.extra["route_loads"].get(bus.plate, ()):
            message = overload_message(name, pupils, bus.seats, bus.plate)
            if message:
                yield "seats", message


class DriverSheet(SheetSpec):
    """校车驾驶人: personal numbers (身份证号, 联系电话) in full only for those ``sees_driver_papers`` allows."""

    model = Driver
    key = ("school", "name")
    title = _("校车驾驶人")
    notes = [_("每名驾驶人一行，按“学校标识码＋姓名”匹配：再次导入同一学校同一姓名即更新该驾驶人"
               "（如换证后的新有效期）。"),
             _("驾驶校车填本校校车的车牌号（须先导入校车），可不填。准驾车型不填为A1。"),
             _("身份证号和联系电话为个人信息：导出时只有安全科和驾驶人所在学校看到完整号码，其他人看到的是遮盖后的号码。")]
    may_see_id_number = staticmethod(sees_driver_papers)
    columns = [
        school_code_column(),
        Column(_("姓名"), "name", required=True, aliases=[_("驾驶人姓名"), _("驾驶人")]),
        Column(_("身份证号"), "id_number", kind="idcard", width=22, aliases=[_("身份证号码")]),
        Column(_("联系电话"), "phone", kind="code", aliases=[_("手机号"), _("电话")]),
        Column(_("驾驶校车车牌号"), "vehicle", kind="code", ref=VEHICLE_REF, aliases=[_("驾驶校车"), _("车牌号")]),
        Column(_("准驾车型"), "licence_class", kind="code", help=_("如 A1、A3、B1，不填为A1")),
        Column(_("驾驶证有效期至"), "licence_expiry", kind="date", required=True, help=EXPIRY_HELP),
        Column(_("校车驾驶资格有效期至"), "qualification_expiry", kind="date", required=True, help=EXPIRY_HELP),
    ]

    def existing_queryset(self, keys):
        return Driver.objects.filter(school_id__in={k[0] for k in keys})

    def build(self, row, ctx):
        driver = row.instance
        if driver.licence_class:
            driver.licence_class = driver.licence_class.upper()

    def check(self, row, ctx):
        yield from _same_school(row)

    def check_all(self, rows, ctx):
        seen: dict[str, int] = {}
        for row in rows:
            number = row.values.get("id_number")
            if not number or "id_number" in row.bad:
                continue
            if number in seen:
                yield row, "id_number", str(_("与第{n}行身份证号相同")).format(n=seen[number])
            seen.setdefault(number, row.row)

    def export_value(self, column, obj, user=None):
        value = super().export_value(column, obj, user)
        if column.field == "phone" and value and user is not None and not sees_driver_papers(user, obj):
            return idcard.mask_phone(str(value))
        return value

    def exported(self, request, queryset, revealed) -> None:
        """Each driver the export handed out with full numbers is logged, as a view of the driver's page is."""
        from edubureau.core.audit import log_reveal

        for driver in queryset.order_by("pk"):
            if sees_driver_papers(request.user, driver):
                log_reveal(request, driver, [n for n in ("id_number", "phone") if getattr(driver, n)],
                           extra={"export": True})


class RouteSheet(SheetSpec):
    model = Route
    key = ("school", "name")
    title = _("校车线路")
    notes = [_("每条线路一行，按“学校标识码＋线路名称”匹配，再次导入即更新该线路。"),
             _("车牌号填本校校车的车牌号（须先导入校车）；停靠站点按行车顺序填写，用顿号分隔。"),
             _("乘车学生数不能超过该车核载人数：超员的行为错误，整个文件不写入。")]
    columns = [
        school_code_column(),
        Column(_("线路名称"), "name", required=True),
        Column(_("车牌号"), "vehicle", kind="code", required=True, ref=VEHICLE_REF, aliases=[_("校车车牌号")]),
        Column(_("停靠站点"), "stops", required=True, width=40,
               help=_("按行车顺序填写，用顿号“、”分隔，如 学校、东山村、下湾村")),
        Column(_("乘车学生数"), "pupils", kind="int", required=True, minimum=0),
        Column(_("随车照管人员"), "escort"),
    ]

    def existing_queryset(self, keys):
        return Route.objects.filter(school_id__in={k[0] for k in keys})

    def check(self, row, ctx):
        route = row.instance
        problems = list(_same_school(row))
        yield from problems
        if not problems and not row.bad & {"vehicle", "pupils"} and route.vehicle_id and route.pupils is not None:
            message = overload_message(route.name, route.pupils, route.vehicle.seats, route.vehicle.plate)
            if message:
                yield "pupils", message


# --- 食堂 ------------------------------------------------------------------------------------------------------


class CanteenSheet(SheetSpec):
    model = Canteen
    key = ("school", "name")
    title = _("学校食堂")
    notes = [_("每个食堂一行，按“学校标识码＋食堂名称”匹配，再次导入即更新（如换证后的新有效期）。")]
    columns = [
        school_code_column(),
        Column(_("食堂名称"), "name", required=True),
        Column(_("食品经营许可证号"), "licence_no", kind="code", width=22, aliases=[_("许可证号"), _("许可证编号")]),
        Column(_("许可证有效期至"), "licence_expiry", kind="date", required=True, help=EXPIRY_HELP),
    ]

    def existing_queryset(self, keys):
        return Canteen.objects.filter(school_id__in={k[0] for k in keys})


class SupplierSheet(SheetSpec):
    """Suppliers of a canteen, which is named by its school's code and its name (names repeat across schools)."""

    model = Supplier
    key = ("canteen", "name")
    title = _("食材供应商")
    notes = [_("每个食堂的每个供应商一行，按“学校标识码＋食堂名称＋供应商名称”匹配，再次导入即更新。"),
             _("食堂须先在“学校食堂”中登记或导入；同一供应商供应多个食堂的，每个食堂各填一行。")]
    columns = [
        school_code_column(model_field=False, export=lambda s: s.canteen.school.code),
        Column(_("食堂名称"), "canteen", required=True, ref=CANTEEN_REF),
        Column(_("供应商名称"), "name", required=True, width=30, aliases=[_("供应商")]),
        Column(_("供应品种"), "goods"),
        Column(_("许可证号"), "licence_no", kind="code", width=22, aliases=[_("食品经营许可证号")]),
        Column(_("许可证有效期至"), "licence_expiry", kind="date", required=True, help=EXPIRY_HELP),
    ]

    def export_queryset(self, queryset):
        return queryset.select_related("canteen__school")

    def existing_queryset(self, keys):
        return Supplier.objects.filter(canteen_id__in={k[0] for k in keys})

    def prepare(self, rows, ctx):
        """The canteen of the row's school with the name given (the name alone may be another school's)."""
        schools = {r.values["school"].pk for r in rows if hasattr(r.values.get("school"), "pk")}
        names = {r.values["canteen"].name for r in rows if hasattr(r.values.get("canteen"), "pk")}
        found = {(c.school_id, c.name): c for c in ctx.visible(Canteen).filter(school_id__in=schools, name__in=names)}
        for row in rows:
            school, named = row.values.get("school"), row.values.get("canteen")
            if not hasattr(named, "pk"):
                continue
            if not hasattr(school, "pk"):  # the school cell is refused already: the row is not looked at further
                row.bad.add("canteen")
                continue
            canteen = found.get((school.pk, named.name))
            if canteen is None:
                row.bad.add("canteen")
                row.values["canteen_error"] = str(_("{school}没有名为“{name}”的食堂")).format(
                    school=school.name, name=named.name)
            else:
                row.values["canteen"] = canteen

    def check_all(self, rows, ctx):
        for row in rows:
            if row.values.get("canteen_error"):
                yield row, "canteen", row.values["canteen_error"]


# --- 演练 ------------------------------------------------------------------------------------------------------


class DrillSheet(SheetSpec):
    model = Drill
    key = ("school", "day", "kind")
    title = _("应急演练")
    notes = [_("每次演练一行，按“学校标识码＋演练日期＋演练类型”匹配，再次导入即更新该次演练。"),
             _("现场照片不导入，请在该次演练的页面上传。")]
    columns = [
        school_code_column(),
        Column(_("演练日期"), "day", kind="date", required=True),
        Column(_("演练类型"), "kind", kind="choice", choices=Drill.Kind.choices, required=True),
        Column(_("参加人数"), "participants", kind="int", required=True, minimum=0),
        Column(_("疏散用时（秒）"), "evacuation_seconds", kind="int", minimum=0),
        Column(_("发现问题"), "problems", width=40),
    ]

    def existing_queryset(self, keys):
        return Drill.objects.filter(school_id__in={k[0] for k in keys})

    def build(self, row, ctx):
        if row.created and ctx.user is not None:
            row.instance.recorded_by = ctx.user

    def check(self, row, ctx):
        drill = row.instance
        if drill.day and drill.day > ctx.today:
            yield "day", str(_("演练日期不能晚于今天"))
        if drill.participants == 0:
            yield "participants", str(_("参加人数应大于0"))


SPECS = [HazardSheet(), VehicleSheet(), DriverSheet(), RouteSheet(), CanteenSheet(), SupplierSheet(), DrillSheet()]
