"""``edubureau exam analyze FILE --full-marks 语文=120,数学=120,…``: the analysis with no database.

Reads the score file fast (python-calamine / polars), refuses it with every row-level error if any,
and prints the analysis (``--json`` for the machine shape of issue 5), optionally writing the report
workbook (``--xlsx OUT``) and value-added against an earlier exam (``--prior FILE``).
"""

from __future__ import annotations

import argparse
import json as jsonlib
import sys
import time
import unicodedata
from pathlib import Path

from edubureau.core.formatting import percent
from edubureau.core.i18n import gettext as _

from .base import CliError, Write

__all__ = ["ACTIONS", "HELP", "add_arguments", "run"]

HELP = "学业质量分析（不需要数据库）：exam analyze 成绩文件 --full-marks 语文=120,数学=120"
ACTIONS = {"analyze"}

# How many row errors the console shows before saying "and N more".
SHOWN_ERRORS = 50


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    analyze_parser = sub.add_parser("analyze", help="分析一个成绩文件（.xlsx/.xls/.csv）")
    analyze_parser.add_argument("file", help="成绩文件：考号、姓名、学校、班级、各科成绩")
    analyze_parser.add_argument("--full-marks", required=True, help="各科满分，如 语文=120,数学=120,英语=120")
    analyze_parser.add_argument("--total", help="计入总分的科目，逗号分隔（默认全部科目）")
    analyze_parser.add_argument("--cutoffs", default="0.85,0.70,0.60,0.40",
                                help="优秀,良好,及格,低分 线（占满分比例），默认 0.85,0.70,0.60,0.40")
    analyze_parser.add_argument("--prior", metavar="FILE", help="同一批学生的前一次考试成绩文件，用于增值评价")
    analyze_parser.add_argument("--prior-full-marks", help="前一次考试各科满分（默认同 --full-marks）")
    analyze_parser.add_argument("--match", choices=["exam_no", "student_no"], default="exam_no",
                                help="增值评价按考号（exam_no）或学籍号（student_no）匹配")
    analyze_parser.add_argument("--schools", metavar="FILE",
                                help="本县学校名单（每行一个学校名称，可在后面用逗号附学校标识码）；不在名单中的学校报错")
    analyze_parser.add_argument("--json", action="store_true", help="以JSON输出全部结果")
    analyze_parser.add_argument("--xlsx", metavar="OUT", help="写出分析报告工作簿")


def run(options: dict, write: Write) -> None:
    if options["action"] == "analyze":
        analyze(write, **{k: options.get(k) for k in (
            "file", "full_marks", "total", "cutoffs", "prior", "prior_full_marks", "match", "schools", "json", "xlsx")})


def _config(full_marks: str, total: str | None, cutoffs: str):
    from edubureau.quality.engine.config import Cutoffs, ExamConfig, parse_full_marks

    try:
        marks = parse_full_marks(full_marks)
        parts = [float(x) for x in cutoffs.replace("，", ",").split(",")]
        if len(parts) != 4:
            raise ValueError("four cut-offs")
        total_of = tuple(s.strip() for s in total.replace("，", ",").split(",") if s.strip()) if total else None
        return ExamConfig(marks, total_of=total_of, cutoffs=Cutoffs(*parts))
    except ValueError as exc:
        raise CliError(_("参数有误：{error}").format(error=exc)) from None


def _schools(file: str | None) -> dict[str, str] | None:
    if not file:
        return None
    path = Path(file)
    if not path.is_file():
        raise CliError(_("文件不存在：{path}").format(path=path))
    known: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        name, _sep, code = (part.strip() for part in line.replace("，", ",").partition(","))
        if name:
            known[name] = name
            if code:
                known[code] = name
    return known


def _load(file: str, config, known_schools: dict[str, str] | None = None):
    from edubureau.core.io.limits import limits_for
    from edubureau.quality.engine.reading import ReadFailure, read_score_file
    from edubureau.quality.engine.scores import ScoreFileError, clean_scores

    path = Path(file)
    if not path.is_file():
        raise CliError(_("文件不存在：{path}").format(path=path))
    try:
        return clean_scores(read_score_file(path, limits=limits_for("exam")), config, known_schools=known_schools)
    except ReadFailure as exc:
        raise CliError(_("无法读取成绩文件：{error}").format(error=exc)) from None
    except ScoreFileError as exc:
        lines = [_("第{row}行 “{column}”：{reason}").format(row=e.row, column=e.column, reason=e.message)
                 for e in exc.errors[:SHOWN_ERRORS]]
        if len(exc.errors) > SHOWN_ERRORS:
            lines.append(_("……另有{count}处错误").format(count=len(exc.errors) - SHOWN_ERRORS))
        raise CliError(_("成绩文件{name}有{count}处错误，未作分析：\n{lines}").format(
            name=path.name, count=len(exc.errors), lines="\n".join(lines))) from None


def analyze(write: Write, *, file, full_marks, total, cutoffs, prior, prior_full_marks, match, schools, json: bool,
            xlsx) -> None:
    from edubureau.quality.engine.report import analyze as analyze_frame

    started = time.perf_counter()
    config = _config(full_marks, total, cutoffs)
    known = _schools(schools)
    frame = _load(file, config, known)
    report = analyze_frame(frame, config)
    if prior:
        from edubureau.quality.engine.value_added import value_added

        prior_config = _config(prior_full_marks or full_marks, total, cutoffs)
        report["value_added"] = value_added(frame, _load(prior, prior_config, known), config, prior_config, key=match)
    if xlsx:
        from edubureau.quality.engine.workbook import write_report_workbook

        Path(xlsx).write_bytes(write_report_workbook(report, Path(file).stem))
    if json:
        write(_json_dumps(report))
    else:
        _summary(write, report, frame.height, time.perf_counter() - started)
    if xlsx and not json:
        write(_("报告工作簿已写出：{path}").format(path=xlsx))


def _summary(write: Write, report: dict, candidates: int, seconds: float) -> None:
    from edubureau.quality.engine.config import TOTAL

    write(_("考生{count:,}人，用时{seconds:.2f}秒").format(count=candidates, seconds=seconds))
    write(_("学科        参考人数  缺考  平均分  标准差  优秀率  及格率  低分率  校际差异系数"))
    for name, entry in report["subjects"].items():
        c = entry["county"] or {}
        cv = report["school_mean_cv"].get(name)
        write(f"{_pad(name, 10)}{c.get('n', 0):>10,}{c.get('absent', 0):>6,}{_num(c.get('mean')):>8}"
              f"{_num(c.get('std')):>8}{_pct(c.get('excellent_rate')):>8}{_pct(c.get('pass_rate')):>8}"
              f"{_pct(c.get('low_rate')):>8}{_pct(cv):>10}")
    write(_("总分学校排名（前10）："))
    for school in report["subjects"][TOTAL]["schools"][:10]:
        write(f"  {school['rank'] or '—':>3}  {school['school']}  {_num(school['mean'])}  "
              f"{_pct(school['pass_rate'])}")


def _pad(text: str, width: int) -> str:
    # Chinese characters take two columns in a terminal.
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


def _num(value) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _pct(value) -> str:
    return percent(value)


def _json_dumps(report: dict) -> str:
    return jsonlib.dumps(report, ensure_ascii=False, indent=None if sys.stdout.isatty() is False else 1)
