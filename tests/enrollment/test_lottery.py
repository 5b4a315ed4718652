"""The verifiable lottery and its command line (issue 12): the same seed and applicants give the same order."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from edubureau.enrollment.engine.lottery import Applicant, LotteryError, category_rank, draw, rank, ticket

SRC = Path(__file__).resolve().parents[2] / "src"
HEADERS = ["申请编号", "姓名", "身份证件号", "类别", "积分"]


def test_ticket_is_the_sha256_anyone_can_compute():
    assert ticket("2026-0612", "A001") == hashlib.sha256(b"2026-0612|A001").hexdigest()


def test_category_then_points_then_ticket():
    people = [Applicant("B1", category="二类"), Applicant("C1", category="三类", points=Decimal("12")),
              Applicant("C2", category="三类", points=Decimal("15.5")), Applicant("C3", category="三类"),
              Applicant("A1", category="一类"), Applicant("A2", category="一类")]
    order = [a.number for a in rank(people, "7")]
    # 一类 first, ordered between themselves by ticket; then 二类; then 三类 by points (15.5, 12), no points last.
    first = sorted(["A1", "A2"], key=lambda n: ticket("7", n))
    assert order == [*first, "B1", "C2", "C1", "C3"]


def test_admitted_are_the_first_seats_and_the_lottery_category_is_named():
    people = [Applicant(f"A{i}", category="一类") for i in range(5)] + [Applicant("B", category="二类")]
    result = draw(people, "abc", 3)
    assert [a.number for a in result.admitted] == [a.number for a in result.order[:3]]
    assert [a.number for a in result.waiting][-1] == "B"
    assert result.drawn_categories == ["一类"]
    assert "SHA-256" in result.method() and "abc" in result.method()


@pytest.mark.parametrize(("people", "message"), [
    ([Applicant("A"), Applicant("A", row=3)], "第3行：申请编号“A”与"),
    ([Applicant("A", category="特类")], "无法识别的类别"),
    ([Applicant("", row=2)], "第2行：申请编号为空"),
])
def test_refusals_carry_a_reason(people, message):
    with pytest.raises(LotteryError, match=message):
        draw(people, "1", 1)


def test_seed_must_be_given():
    with pytest.raises(LotteryError, match="种子不能为空"):
        draw([Applicant("A")], "  ", 1)


def test_category_words():
    assert [category_rank(c) for c in ("一类", "二类", "第3类", "十类")] == [1, 2, 3, 10]


applicants = st.lists(
    st.builds(Applicant, number=st.text("ABC0123456789", min_size=1, max_size=6),
              category=st.sampled_from(["一类", "二类", "三类"]),
              points=st.one_of(st.none(), st.decimals(0, 50, places=1))),
    min_size=1, max_size=40, unique_by=lambda a: a.number)


@settings(deadline=None, max_examples=60)
@given(applicants, st.text(min_size=1, max_size=10).filter(str.strip), st.integers(0, 45), st.randoms())
def test_same_seed_same_result_in_any_row_order(people, seed, seats, rnd):
    shuffled = list(people)
    rnd.shuffle(shuffled)
    one, two = draw(people, seed, seats).as_dict(), draw(shuffled, seed, seats).as_dict()
    assert one == two
    assert sorted(one["order"]) == sorted(a.number for a in people)
    assert one["admitted"] == one["order"][:seats]
    ranks = [category_rank(a.category) for a in sorted(people, key=lambda a: one["order"].index(a.number))]
    assert ranks == sorted(ranks)  # a lower category never passes a higher one


# --- The command line, on a file anyone could write ------------------------------------------------------------


def _run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "edubureau", "enrollment", "draw", *map(str, args)],
                          capture_output=True, text=True, env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"})


def _csv(path: Path, rows) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return path


ROWS = [["A003", "王三", "", "二类", ""], ["A001", "李一", "", "一类", ""], ["A002", "张二", "", "一类", ""],
        ["A004", "赵四", "", "三类", "12"], ["A005", "钱五", "", "三类", "15.5"]]


def test_cli_json_is_the_engine_and_row_order_free(tmp_path):
    one = json.loads(_run(_csv(tmp_path / "a.csv", ROWS), "--seed", "2026", "--seats", "3", "--json").stdout)
    two = json.loads(_run(_csv(tmp_path / "b.csv", ROWS[::-1]), "--seed", "2026", "--seats", "3", "--json").stdout)
    assert one == two
    first = sorted(["A001", "A002"], key=lambda n: hashlib.sha256(f"2026|{n}".encode()).hexdigest())
    assert one["order"] == [*first, "A003", "A005", "A004"]
    assert one["admitted"] == one["order"][:3] and one["waiting"] == ["A005", "A004"]
    assert one["seed"] == "2026" and "SHA-256" in one["method"]


def test_cli_reads_xlsx_and_prints_a_table(tmp_path):
    path = tmp_path / "apps.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADERS)
    for i, row in enumerate(ROWS, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    result = _run(path, "--seed", "2026", "--seats", "3")
    assert result.returncode == 0, result.stderr
    assert "录取3人，候补2人" in result.stdout and "候补第1名" in result.stdout


@pytest.mark.parametrize(("rows", "message"), [
    ([["A1", "甲", "", "一类", "abc"]], "第2行「积分」：应为数字"),
    ([["A1", "甲", "", "", ""]], "第2行「类别」：必填"),
    ([["A1", "甲", "110101201901011234", "一类", ""], ["A2", "甲", "110101201901011234", "一类", ""]],
     "第3行「身份证件号」：与第2行是同一儿童"),
])
def test_cli_names_the_bad_row(tmp_path, rows, message):
    result = _run(_csv(tmp_path / "bad.csv", rows), "--seed", "1", "--seats", "1")
    assert result.returncode == 1 and message in result.stderr


def test_cli_refuses_a_file_without_the_headers(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("编号,名字,类别\nA1,甲,一类\n", encoding="utf-8")
    result = _run(path, "--seed", "1", "--seats", "1")
    assert result.returncode == 1 and "表头" in result.stderr
