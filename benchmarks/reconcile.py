"""Benchmark: reconcile a 300,000-pupil national 学籍 export against the roll (issue 13).

Run with ``.venv/bin/python benchmarks/reconcile.py [--pupils N] [--save FILE]``. From a fixed seed it builds a
county's roll of N pupils in the roll's words and the national export of the same pupils in the national codes
(性别 1/2, 出生日期 YYYYMMDD, 是否留守儿童 0/1/2, 年级 11–16, 班级 "N班"), with 0.5% of pupils only on one side,
1% in another class, 0.2% with a mistyped check digit and 0.1% without an ID number. It times, in one process:

- the engine (``people.roll_reconcile.reconcile``: vectorised polars, codes mapped once per distinct value);
- a naive baseline: every row normalised in Python, matched through dictionaries, compared field by field.

Both must agree on every count; the table prints the times and the ratio. Reading the files is left out of both:
it is the same code for each.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))

import polars as pl  # noqa: E402

from edubureau.core import idcard  # noqa: E402
from edubureau.people.roll_reconcile import (  # noqa: E402
    COMPARED,
    LEFT_BEHIND,
    ROLL_HEADERS,
    SEX,
    YES_NO,
    class_of,
    grade_of,
    grade_word,
    reconcile,
)

CARE = ("非留守", "单亲留守", "双亲留守")


def county(pupils: int, seed: int = 2026) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = random.Random(seed)
    national, roll = [], []
    for n in range(pupils):
        year = 2014 + n % 6
        born = f"{year}{1 + n % 12:02d}{1 + n % 28:02d}"
        first = f"{330100 + n // 1000:06d}{born}{n % 1000:03d}"  # unique: one area code per thousand
        number = first + idcard.check_digit(first)
        grade, klass, care = 2020 - year, 1 + rng.randrange(8), rng.randrange(3)
        school = f"31330{n % 400:05d}"
        sex = rng.choice("男女")
        roll_row = [number, "", f"学生{n}", sex, f"{born[:4]}-{born[4:6]}-{born[6:]}", school, grade_word(grade),
                    str(klass), CARE[care], "否", "非随班就读"]
        national_row = [number, f"学生{n}", "1" if sex == "男" else "2", born, school, str(10 + grade), f"{klass}班",
                        str(care), "0", ""]
        draw = rng.random()
        if draw < 0.0025:
            national.append(national_row)  # only national
            continue
        if draw < 0.005:
            roll.append(roll_row)  # only roll
            continue
        if draw < 0.015:
            national_row[6] = f"{klass % 8 + 1}班"  # another class
        elif draw < 0.017:
            national_row[0] = number[:17] + ("0" if number[17] != "0" else "1")  # mistyped check digit
        elif draw < 0.018:
            national_row[0], roll_row[0] = "", ""  # no ID number: matched by name and birth date
        national.append(national_row)
        roll.append(roll_row)
    # The export's columns under the names the reader gives them (身份证号 → 身份证件号, 班级号 → 班级).
    national_headers = ["身份证件号", "姓名", "性别", "出生日期", "学校标识码", "年级", "班级", "是否留守儿童",
                        "是否进城务工人员随迁子女", "随班就读"]

    def frame(headers, rows):
        data = {h: [row[i] for row in rows] for i, h in enumerate(headers)}
        data["_row"] = list(range(2, len(rows) + 2))
        return pl.DataFrame(data)

    return frame(national_headers, national), frame(list(ROLL_HEADERS), roll)


def naive(national: pl.DataFrame, roll: pl.DataFrame) -> dict:
    """Row by row: normalise each pupil in Python, match through dictionaries, compare each field."""
    def norm(row: dict) -> dict:
        number = row["身份证件号"]
        birth = row["出生日期"].replace("-", "")
        return {
            "id": number if number and idcard.is_valid(number) else "",
            "nb": f"{row['姓名']}|{birth[:4]}-{birth[4:6]}-{birth[6:]}",
            "学校标识码": row["学校标识码"], "年级": grade_word(grade_of(row["年级"])),
            "班级": class_of(row["班级"]),
            "性别": SEX.get(row["性别"], row["性别"]), "出生日期": f"{birth[:4]}-{birth[4:6]}-{birth[6:]}",
            "是否留守儿童": LEFT_BEHIND.get(row["是否留守儿童"], row["是否留守儿童"]),
            "是否进城务工人员随迁子女": YES_NO.get(row["是否进城务工人员随迁子女"], row["是否进城务工人员随迁子女"]),
            "随班就读": row["随班就读"] or "非随班就读",
        }
    nat = [norm(r) for r in national.iter_rows(named=True)]
    rol = [norm(r) for r in roll.iter_rows(named=True)]
    by_id = {r["id"]: r for r in rol if r["id"]}
    by_nb = {r["nb"]: r for r in rol}
    used, matched, different, only_national = set(), 0, 0, 0
    for row in nat:
        other = by_id.get(row["id"]) if row["id"] else None
        if other is None or id(other) in used:
            other = by_nb.get(row["nb"])
        if other is None or id(other) in used:
            only_national += 1
            continue
        used.add(id(other))
        matched += 1
        different += any(row[f] != other[f] for f in COMPARED)
    return {"matched": matched, "only_national": only_national, "only_roll": len(rol) - len(used),
            "different": different}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=300_000)
    parser.add_argument("--save", help="write the table to this markdown file")
    args = parser.parse_args()
    national, roll = county(args.pupils)
    started = time.perf_counter()
    result = reconcile(national, roll)
    engine_s = time.perf_counter() - started
    started = time.perf_counter()
    baseline = naive(national, roll)
    naive_s = time.perf_counter() - started
    engine = {"matched": result.matched, "only_national": len(result.only_national),
              "only_roll": len(result.only_roll), "different": len(result.different)}
    assert engine == baseline, (engine, baseline)
    lines = [
        f"学籍核对：国家学籍 {national.height:,} 行，本系统名册 {roll.height:,} 行",
        "",
        "| | 已对上 | 仅国家系统有 | 仅本系统有 | 信息不一致 | 身份证号无效 | 用时（秒） |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| 引擎（polars，向量化） | {engine['matched']:,} | {engine['only_national']:,} | {engine['only_roll']:,} | "
        f"{engine['different']:,} | {len(result.invalid_ids):,} | {engine_s:.2f} |",
        f"| 逐行基线（Python 字典） | {baseline['matched']:,} | {baseline['only_national']:,} | "
        f"{baseline['only_roll']:,} | {baseline['different']:,} | — | {naive_s:.2f} |",
        "",
        f"引擎用时为逐行基线的 {engine_s / naive_s:.2f} 倍（快 {naive_s / engine_s:.1f} 倍），两者计数一致。",
    ]
    text = "\n".join(lines)
    print(text)
    if args.save:
        Path(args.save).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
