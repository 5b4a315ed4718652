"""``edubureau fitness score FILE [--json] [--xlsx OUT]``: the 2014 standard's scores, with no database (issue 14).

FILE is the national upload template as schools fill it (xlsx, xls or csv, its own headers). The engine is
:mod:`edubureau.fitness.engine`; a bad file is refused with every row, column and reason and exit status 1.
"""

from __future__ import annotations

import argparse
import json

from .base import CliError, Write

__all__ = ["ACTIONS", "HELP", "add_arguments", "pupils_json", "run", "summary_lines", "write_xlsx"]

HELP = ("体质健康：fitness score 上报文件 [--json] [--xlsx 输出] "
        "按《国家学生体质健康标准（2014年修订）》评分（不连数据库）。")
ACTIONS = {"score"}
SHOWN = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    score = sub.add_parser("score", help="为国家学生体质健康标准数据上报模板中的每名学生评分并汇总")
    score.add_argument("file", help="上报文件（xlsx、xls 或 csv；表头同国家上报模板："
                       "年级编号、学籍号、性别、身高、体重、各项目）")
    score.add_argument("--json", action="store_true", help="以 JSON 输出每名学生的单项得分、标准分、附加分、"
                       "总分、等级和汇总率")
    score.add_argument("--xlsx", metavar="OUT", help="另存评分后的工作表（xlsx）")


def run(options: dict, write: Write) -> None:
    from edubureau.fitness.engine.scoring import score_frame, summarise
    from edubureau.fitness.engine.upload import FitnessFileError, read_upload

    try:
        upload = read_upload(options["file"])
    except FitnessFileError as exc:
        raise CliError(f"{options['file']}：文件有误，未评分：\n{exc}") from exc
    scored = score_frame(upload.frame)
    summary = summarise(scored)[0]
    by_school = next((c for c in ("学校标识码", "学校名称") if c in scored.columns), None)
    schools = summarise(scored, by=[by_school]) if by_school else []
    if options.get("xlsx"):
        write_xlsx(scored, upload.columns, options["xlsx"])
    if options.get("json"):
        payload = {"pupils": pupils_json(scored, upload.columns), "rates": summary["rates"], "summary": summary}
        if schools:
            payload["schools"] = schools
        write(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for line in summary_lines(scored, summary, schools):
        write(line)
    if options.get("xlsx"):
        write(f"评分表已写入：{options['xlsx']}")


def _items(columns) -> list[str]:
    from edubureau.fitness.engine.standard import BMI, ITEMS

    return [BMI, *(i for i in ITEMS if i in columns)]


def pupils_json(scored, columns) -> list[dict]:
    """One dict per pupil: ids, ``items`` {template item name: {raw, points}} for the items of the grade, scores."""
    from edubureau.fitness.engine.scoring import points_column
    from edubureau.fitness.engine.standard import BMI, weights_for
    from edubureau.fitness.engine.upload import raw_column

    out = []
    items = _items(columns)
    for row in scored.iter_rows(named=True):
        tested = weights_for(row["性别"], row["年级编号"])
        entry = {"学籍号": row["学籍号"], "年级编号": row["年级编号"], "性别": row["性别"]}
        for optional in ("姓名", "学校名称", "学校标识码", "班级编号"):
            if optional in row:
                entry[optional] = row[optional]
        entry["items"] = {}
        for item in items:
            if item not in tested:
                continue
            raw = "" if item == BMI else row.get(raw_column(item)) or ""
            if item == BMI:
                raw = "" if row["BMI"] is None else f"{row['BMI']:.1f}"
            points = row[points_column(item)]
            entry["items"][item] = {"raw": raw, "points": None if points is None else float(points)}
        entry.update({
            "bmi": row["BMI"], "bmi_band": row["BMI等级"], "standard_score": row["标准分"],
            "bonus": float(row["附加分"]), "total": row["学年总分"], "grade": row["等级"],
        })
        if row["未评"]:
            entry["unscored"] = row["未评"]
        out.append(entry)
    return out


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def summary_lines(scored, summary: dict, schools: list[dict]) -> list[str]:
    """The readable Chinese summary printed without --json."""
    counts = {g: scored.filter(scored["等级"] == g).height for g in ("优秀", "良好", "及格", "不及格")}
    rates = summary["rates"]
    lines = [
        f"共{summary['count']}名学生，评分{summary['scored']}名（其余缺测或所在年级的评分表未收录）。",
        f"优秀{counts['优秀']}人、良好{counts['良好']}人、及格{counts['及格']}人、不及格{counts['不及格']}人；"
        f"合格率{_pct(rates['pass'])}，优良率{_pct(rates['good'])}，优秀率{_pct(rates['excellent'])}。",
    ]
    if summary["mean_total"] is not None:
        lines.append(f"平均学年总分{summary['mean_total']:.1f}。")
    if summary["mean_points"]:
        lines.append("各项平均得分：" + "，".join(f"{i}{m:.1f}" for i, m in summary["mean_points"].items()) + "。")
        lines.append("薄弱项目：" + "、".join(summary["weakest"]) + "。")
    myopia = summary["myopia_rate"]
    lines.append(f"肥胖率{_pct(summary['obesity_rate'])}"
                 + ("" if myopia is None else f"，近视率（任一眼裸眼视力低于5.0）{_pct(myopia)}") + "。")
    for school in schools:
        name = next(v for k, v in school.items() if k in ("学校标识码", "学校名称"))
        lines.append(f"  {name}：{school['count']}人，合格率{_pct(school['rates']['pass'])}，"
                     f"优秀率{_pct(school['rates']['excellent'])}，薄弱项目{'、'.join(school['weakest']) or '—'}")
    unscored = scored.filter(scored["未评"] != "")
    if unscored.height:
        lines.append(f"未评分{unscored.height}人，例如：")
        for row in unscored.head(SHOWN).iter_rows(named=True):
            lines.append(f"  第{row['行号']}行 {row['学籍号']}：{row['未评']}")
    return lines


def write_xlsx(scored, columns, out) -> None:
    """The scored sheet: the template's columns, then BMI, each item's points, 标准分, 附加分, 学年总分, 等级, 未评."""
    from edubureau.core.io.safe_workbook import new_workbook
    from edubureau.fitness.engine.scoring import points_column
    from edubureau.fitness.engine.upload import ID_COLUMNS, raw_column

    items = _items(columns)
    header = [c for c in ID_COLUMNS if c in columns]
    measures = [c for c in columns if c not in ID_COLUMNS]
    layout = [(c, c) for c in header] + [(raw_column(m), m) for m in measures]
    layout += [("BMI", "体重指数（BMI）"), ("BMI等级", "BMI等级")]
    layout += [(points_column(i), points_column(i)) for i in items]
    layout += [(c, c) for c in ("标准分", "附加分", "学年总分", "等级", "未评")]
    book = new_workbook(out, constant_memory=True)
    sheet = book.add_worksheet("评分结果")
    bold = book.add_format({"bold": True})
    for col, (_, title) in enumerate(layout):
        sheet.write_string(0, col, title, bold)
    for r, row in enumerate(scored.select([c for c, _ in layout]).iter_rows(), start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(r, col, value)
            else:
                sheet.write_number(r, col, value)
    sheet.freeze_panes(1, 0)
    book.close()
