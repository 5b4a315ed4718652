"""Names that look real: surnames by frequency, given names by generation, places and schools. Pure.

Surname weights are per-mille shares close to the 2020 household-register statistics (王、李、张 each
about 7%); the long tail is cut at the hundredth surname, which is enough for a county.

Examples
--------
>>> import random
>>> rng = random.Random(1)
>>> name = person_name(rng, "F", 1988)
>>> 2 <= len(name) <= 4
True
>>> village_point_name("高山乡", "岩口")
'高山乡岩口村教学点'
"""

from __future__ import annotations

import random

__all__ = [
    "COUNTY",
    "ROADS",
    "SURNAMES",
    "TOWNS",
    "child_name",
    "person_name",
    "village_point_name",
]

# (surname, weight ‰)
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 71.5), ("李", 70.0), ("张", 66.0), ("刘", 54.0), ("陈", 45.0), ("杨", 31.0), ("黄", 23.0), ("赵", 22.0),
    ("吴", 20.0), ("周", 19.0), ("徐", 13.0), ("孙", 13.0), ("马", 12.0), ("朱", 12.0), ("胡", 11.5), ("郭", 11.0),
    ("何", 10.0), ("林", 9.5), ("高", 9.5), ("罗", 9.0), ("郑", 8.0), ("梁", 8.0), ("谢", 7.0), ("宋", 6.2),
    ("唐", 6.1), ("许", 6.0), ("韩", 5.6), ("邓", 5.5), ("冯", 5.5), ("曹", 5.1), ("彭", 5.0), ("曾", 5.0),
    ("肖", 4.7), ("田", 4.6), ("董", 4.5), ("潘", 4.2), ("袁", 4.2), ("蔡", 4.0), ("蒋", 4.0), ("余", 4.0),
    ("于", 4.0), ("杜", 3.8), ("叶", 3.8), ("程", 3.7), ("魏", 3.6), ("苏", 3.5), ("吕", 3.5), ("丁", 3.4),
    ("任", 3.4), ("卢", 3.3), ("姚", 3.3), ("沈", 3.2), ("钟", 3.2), ("姜", 3.1), ("崔", 3.0), ("谭", 3.0),
    ("陆", 2.9), ("范", 2.8), ("汪", 2.8), ("廖", 2.7), ("石", 2.7), ("金", 2.6), ("韦", 2.5), ("贾", 2.5),
    ("夏", 2.4), ("付", 2.4), ("方", 2.4), ("邹", 2.3), ("熊", 2.3), ("白", 2.2), ("孟", 2.2), ("秦", 2.1),
    ("邱", 2.1), ("侯", 2.0), ("江", 2.0), ("尹", 2.0), ("薛", 2.0), ("闫", 1.9), ("段", 1.9), ("雷", 1.9),
    ("龙", 1.8), ("黎", 1.8), ("史", 1.7), ("陶", 1.7), ("贺", 1.7), ("毛", 1.6), ("郝", 1.6), ("顾", 1.6),
    ("龚", 1.6), ("邵", 1.5), ("万", 1.5), ("覃", 1.5), ("武", 1.5), ("钱", 1.4), ("戴", 1.4), ("严", 1.4),
    ("莫", 1.3), ("孔", 1.3), ("向", 1.3), ("常", 1.3), ("欧阳", 0.3), ("司马", 0.05), ("诸葛", 0.03),
)
_SURNAME_LIST = [s for s, _w in SURNAMES]
_SURNAME_CUM: list[float] = []
_total = 0.0
for _s, _w in SURNAMES:
    _total += _w
    _SURNAME_CUM.append(_total)

# Given names follow fashions: a teacher born in 1968 is more likely 建华 than 梓涵.
_GIVEN = {
    # born before 1980
    ("M", 0): "建国 建华 国强 志强 卫东 建军 国平 永红 振华 德明 文斌 伟 勇 军 平 刚 斌 明 强 华 林 峰 庆 俊 立新 红兵 "
    "志刚 海波 长春 光明 学文 传富 正清 忠良 新民 家兴".split(),
    ("F", 0): "秀英 桂兰 玉兰 红梅 丽华 春梅 秀兰 淑芬 海燕 晓燕 小红 凤英 素珍 美玲 翠萍 敏 静 霞 燕 芳 华 萍 "
    "红 丽 琴 英 玲 洁 慧 月娥 桂芳 雪梅 爱华 春燕 巧云 金凤".split(),
    # 1980–1994
    ("M", 1): "磊 超 鹏 杰 涛 浩 亮 宇 洋 鑫 晨 帅 凯 斌 勇 海涛 俊杰 晓东 志刚 晓峰 文博 建伟 永强 子健 振宇 国栋 "
    "明辉 家俊 宏伟 立军 伟东 俊峰".split(),
    ("F", 1): "婷婷 丹 娟 莉 晶 倩 艳 丽娟 雪梅 晓丽 佳 颖 慧 琳 雪 蕾 文静 晓燕 静怡 美琪 丹丹 璐 露 菲 瑶 "
    "欢 玉洁 晓红 梦 婉婷 思琪 佳慧 春晓".split(),
    # 1995 and later
    ("M", 2): "浩然 宇轩 一鸣 家豪 博文 俊熙 子轩 锦程 天佑 梓豪 睿 泽宇 昊天 晨阳 思远 嘉诚 子豪 皓轩 文轩 "
    "宇航 明哲 志远 雨泽 逸飞".split(),
    ("F", 2): "子涵 欣怡 梓萱 雨轩 思雨 诗涵 佳琪 嘉怡 雨桐 梦瑶 梓涵 可馨 若曦 晨曦 思彤 语嫣 心怡 雅婷 "
    "紫涵 梦琪 依然 欣悦 书瑶 梓琪".split(),
}
_CHILD = {
    "M": "子轩 浩宇 沐宸 宇航 梓睿 子墨 俊宇 浩然 一航 思远 锦轩 奕辰 承泽 睿泽 宸 铭 一诺 皓宇 梓航 嘉懿 "
    "昊然 明轩 子骞 安 乐 天翊 泽 文博 景行 亦凡 宇辰 俊熙".split(),
    "F": "梓涵 一诺 欣怡 依诺 语桐 若汐 诗琪 梓萱 芷若 可欣 悦彤 可馨 雨桐 沐希 安然 书瑶 梦琪 欣妍 语汐 "
    "梓琪 思涵 若曦 子萱 佳怡 晗 玥 妍 诗雨 紫萱 梓晴 一朵".split(),
}

COUNTY = {"name": "桐溪县", "short": "桐溪", "code": "341899", "phone_area": "0563", "lat": 30.82, "lon": 118.95}
# Neighbouring region codes appear in staff ID numbers: people are born elsewhere too.
BIRTH_REGIONS = (("341899", 70), ("341802", 10), ("341821", 6), ("341823", 6), ("340104", 4), ("342501", 4))

# (town, zone, "镇"/"乡", size, villages, offset from the county seat in degrees lat/lon)
TOWNS = (
    ("青石镇", "东部片区", "big", ("河口", "杨家", "双河", "东岗"), (0.05, 0.16)),
    ("白沙镇", "东部片区", "medium", ("桃园", "马家湾", "新塘"), (-0.04, 0.21)),
    ("柳塘乡", "东部片区", "small", ("柳林", "枫树湾"), (0.11, 0.27)),
    ("黄龙镇", "南部片区", "big", ("石门", "新庄", "竹林", "大湾"), (-0.17, 0.02)),
    ("石桥镇", "南部片区", "medium", ("三岔", "高桥", "李家坳"), (-0.12, -0.10)),
    ("龙潭镇", "南部片区", "medium", ("田坝", "龙口"), (-0.25, 0.09)),
    ("枫林乡", "南部片区", "small", ("大塘", "梅岭"), (-0.29, -0.05)),
    ("大坪镇", "西北片区", "medium", ("上坪", "黄土岭", "茶园"), (0.14, -0.18)),
    ("高山乡", "西北片区", "small", ("岩口", "云峰"), (0.22, -0.27)),
    ("云岭乡", "西北片区", "small", ("王家岭", "白云"), (0.28, -0.12)),
)

ROADS = tuple(
    "人民路 解放路 建设路 文化路 学府路 滨河路 新华路 育才路 桐溪大道 迎宾大道 城南路 北门街 府前街 青年路".split()
)


def weighted_choice(rng: random.Random, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


def surname(rng: random.Random) -> str:
    return rng.choices(_SURNAME_LIST, cum_weights=_SURNAME_CUM, k=1)[0]


def _era(birth_year: int) -> int:
    return 0 if birth_year < 1980 else 1 if birth_year < 1995 else 2


def person_name(rng: random.Random, sex: str, birth_year: int) -> str:
    """A name for an adult of ``sex`` ('M'/'F') born in ``birth_year``: surname plus a given name of the era."""
    return surname(rng) + rng.choice(_GIVEN[(sex, _era(birth_year))])


def child_name(rng: random.Random, sex: str) -> str:
    return surname(rng) + rng.choice(_CHILD[sex])


def village_point_name(town: str, village: str) -> str:
    """A teaching point (教学点) is named after its township and village: 高山乡岩口村教学点."""
    return f"{town}{village}村教学点"
