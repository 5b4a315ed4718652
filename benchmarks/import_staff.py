"""Benchmark: importing a 20,000-row staff workbook (rows per second), against the naive ORM way.

Run with ``make bench`` or ``.venv/bin/python benchmarks/import_staff.py [--rows N] [--naive-rows N]``.
It builds a fresh SQLite database (WAL, as the demo uses) in a temporary directory, creates ~60
schools, writes a staff workbook with valid ID numbers and then times, in one process:

1. the dry run (read + validate every row, nothing written),
2. the committed import (bulk create staff, open postings, bulk audit entries, one transaction),
3. re-importing the same file (every row found unchanged),
4. the naive baseline: ``Staff.objects.create`` + ``Posting.objects.create`` per row, on fewer rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))

SCHOOLS = 60
ESTABLISHMENTS = ["事业编制", "事业编制", "事业编制", "备案制", "合同制"]
EDUCATIONS = ["本科", "本科", "硕士研究生", "专科"]
TITLES = ["一级", "二级", "高级", "未定级"]
SUBJECTS = ["语文", "数学", "英语", "物理", "体育", "音乐", "美术", "科学"]
HEADERS = ["身份证号", "姓名", "性别", "编制类型", "岗位类别", "任教学科", "最高学历", "职称", "参加工作时间",
           "现任学校标识码", "到校日期"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def setup_django(var_dir: str) -> None:
    os.environ["EDUBUREAU_VAR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "edubureau.config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def id_numbers(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct valid ID numbers (region, birth date, sequence, check digit)."""
    from edubureau.core import idcard

    seen, out = set(), []
    while len(out) < count:
        born = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 35))
        first17 = f"3301{rng.randrange(1, 99):02d}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
        if first17 in seen:
            continue
        seen.add(first17)
        out.append(first17 + idcard.check_digit(first17))
    return out


def staff_workbook(numbers: list[str], codes: list[str], rng: random.Random) -> bytes:
    import xlsxwriter

    from edubureau.core import idcard

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "constant_memory": False})
    sheet = book.add_worksheet("教职工")
    sheet.write_row(0, 0, HEADERS)
    for row, number in enumerate(numbers, 1):
        sheet.write_string(row, 0, number)
        sheet.write_row(row, 1, [
            rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            "男" if idcard.sex(number) == "M" else "女",
            rng.choice(ESTABLISHMENTS), "专任教师", rng.choice(SUBJECTS), rng.choice(EDUCATIONS), rng.choice(TITLES),
            f"{rng.randrange(1990, 2024)}-09-01",
        ])
        sheet.write_string(row, 9, rng.choice(codes))
        sheet.write_string(row, 10, f"{rng.randrange(2005, 2025)}年9月1日")
    book.close()
    return out.getvalue()


def create_county():
    from edubureau.core.roles import Role
    from edubureau.core.testing import factories as f
    from edubureau.org.models import School

    region = f.make_region()
    schools = [
        School(code=f"33010{n:05d}", name=f"基准县第{n}学校", kind="primary", locality="urban", region=region)
        for n in range(1, SCHOOLS + 1)
    ]
    School.objects.bulk_create(schools)
    department = f.make_department("renshi", modules=["people"], name="人事科")
    user = f.make_user(Role.DEPARTMENT, department=department, username="bench")
    return [s.code for s in schools], user


def timed(label: str, rows: int, func):
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    print(f"{label:<34} {rows:>7,} 行  {seconds:8.2f} 秒  {rows / seconds:>10,.0f} 行/秒")
    return result, seconds


def naive_import(numbers: list[str], codes: list[str], rng: random.Random, start: int) -> None:
    """The way to avoid: one ORM create per staff member and per posting (each firing its audit signal)."""
    from edubureau.core import idcard
    from edubureau.org.models import School
    from edubureau.people.models import Posting, Staff

    schools = {s.code: s for s in School.objects.all()}
    for number in numbers:
        staff = Staff.objects.create(
            name=rng.choice(SURNAMES) + rng.choice(GIVEN), sex=idcard.sex(number), id_number=number,
            establishment="civil", post_kind="teacher", education="bachelor", subject=rng.choice(SUBJECTS),
        )
        Posting.objects.create(staff=staff, school=schools[rng.choice(codes)], start=dt.date(2020, 9, 1))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--naive-rows", type=int, default=2_000)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="edubureau-bench-") as var_dir:
        setup_django(var_dir)
        from edubureau.core.io.registry import get_spec
        from edubureau.core.io.runner import run_import
        from edubureau.people.models import Posting, Staff

        rng = random.Random(20261123)
        codes, user = create_county()
        numbers = id_numbers(args.rows + args.naive_rows, rng)
        content = staff_workbook(numbers[: args.rows], codes, rng)
        spec = get_spec("people.staff")
        print(f"工作簿：{args.rows:,} 行，{len(content) / 1e6:.1f} MB；{SCHOOLS} 所学校；SQLite（WAL）")

        def run(commit):
            result = run_import(spec, content, "staff.xlsx", user=user, commit=commit)
            assert not result.errors, result.errors[:5]
            return result

        dry, _ = timed("校验（不写入）", args.rows, lambda: run(False))
        assert dry.created == args.rows
        done, bulk_seconds = timed("导入（写入+审计，单事务）", args.rows, lambda: run(True))
        assert Staff.objects.count() == args.rows and Posting.objects.count() == args.rows
        again, _ = timed("重复导入（全部无变化）", args.rows, lambda: run(True))
        assert again.unchanged == args.rows and again.created == again.updated == 0

        naive_numbers = numbers[args.rows :]
        _, naive_seconds = timed("逐行ORM保存（对照）", args.naive_rows,
                                 lambda: naive_import(naive_numbers, codes, rng, args.rows))
        ratio = (args.rows / bulk_seconds) / (args.naive_rows / naive_seconds)
        print(f"批量导入速度是逐行保存的 {ratio:.1f} 倍；逐行保存 {args.rows:,} 行预计 "
              f"{naive_seconds * args.rows / args.naive_rows:,.0f} 秒")


if __name__ == "__main__":
    main()
