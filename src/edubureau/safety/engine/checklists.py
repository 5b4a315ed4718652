"""The 安全检查 checklists as data: items per category, the same for a school's monthly 自查, the bureau's 抽查 and a
seasonal 专项 campaign (which picks its categories).

>>> len(CATEGORIES), "消防" in CATEGORIES, items_for(["防溺水"])[0]
(9, True, ('防溺水', '开展防溺水专题教育并签订家长告知书'))
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["CAMPAIGN_CATEGORIES", "CATEGORIES", "CHECKLIST", "items_for"]

CHECKLIST: dict[str, tuple[str, ...]] = {
    "消防": ("消防器材配备齐全并在有效期内", "疏散通道、安全出口畅通，应急照明有效", "微型消防站人员和器材到位",
           "消防控制室24小时值班"),
    "校舍": ("教学楼、宿舍无裂缝、渗漏、危墙", "栏杆、护栏高度和牢固程度符合要求", "围墙、挡土墙、边坡稳定",
           "D级危房已停用并设置警示"),
    "食品": ("食品经营许可证在有效期内", "从业人员健康证齐全", "食品留样、索证索票、进货查验落实",
           "学校负责人陪餐记录完整",            "明厨亮灶设施运行正常"),
    "校车": ("校车使用许可、年检、保险在有效期内", "驾驶人取得校车驾驶资格", "按核载人数乘车，无超员",
           "随车照管人员到位，按审定路线运行"),
    "交通": ("校门口交通标志、减速带完好", "上下学时段护学岗到位", "学生乘坐非法营运车辆排查"),
    "防溺水": ("开展防溺水专题教育并签订家长告知书", "校园周边危险水域设置警示牌", "节假日前安全提醒到每位家长"),
    "用电": ("配电房上锁并有专人管理", "无私拉乱接电线、违规使用大功率电器", "漏电保护装置有效", "学生宿舍用电安全"),
    "危化品": ("实验室危化品双人双锁管理", "危化品领用台账完整", "废弃化学品规范处置"),
    "安保": ("专职保安配备和培训到位", "一键报警与公安联网", "视频监控全覆盖并保存30天", "外来人员登记制度落实"),
}
CATEGORIES = tuple(CHECKLIST)
# The categories a seasonal 专项 campaign checks, by its kind.
CAMPAIGN_CATEGORIES = {
    "汛期": ("校舍", "用电", "防溺水"),
    "开学": ("消防", "校舍", "食品", "校车", "安保"),
    "防溺水": ("防溺水",),
}


def items_for(categories: Iterable[str]) -> list[tuple[str, str]]:
    """The checklist items ``(category, item)`` of ``categories`` in their order."""
    return [(c, item) for c in categories for item in CHECKLIST.get(c, ())]
