"""Command line of the evaluation engine (pure, no database): score a scheme on a file of school inputs.

``python -m edubureau.evaluation.engine.cli template 2026 > scheme.json``
    the template scheme as JSON, to edit;
``python -m edubureau.evaluation.engine.cli check scheme.json``
    the scheme's problems (exit status 1 if any);
``python -m edubureau.evaluation.engine.cli score scheme.json schools.json [-o 考核.xlsx] [--json]``
    ranks and grades per category on the console (or the full result as JSON) and, with ``-o``, the workbook.

``schools.json`` is a list of ``{"key", "name", "category", "entered": {code: [scores]}, "third_party": {code: v},
"figures": {key: v}, "previous_total": v}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .scheme import scheme_from_dict, scheme_to_dict, validate
from .scoring import EvaluationResult, SchoolInput, score
from .templates import standard_scheme
from .workbook import evaluation_workbook


def schools_from_json(rows: Sequence[dict]) -> list[SchoolInput]:
    """School inputs from plain JSON rows (lists for the evaluators' scores)."""
    return [
        SchoolInput(
            key=str(r["key"]), name=str(r.get("name", r["key"])), category=str(r["category"]),
            entered={str(k): tuple(float(x) for x in v) for k, v in (r.get("entered") or {}).items()},
            third_party={str(k): float(v) for k, v in (r.get("third_party") or {}).items()},
            figures={str(k): float(v) for k, v in (r.get("figures") or {}).items()},
            previous_total=None if r.get("previous_total") is None else float(r["previous_total"]),
        )
        for r in rows
    ]


def result_to_dict(result: EvaluationResult) -> dict:
    """The result as JSON-ready data (the trail included)."""
    return {
        "year": result.scheme.year,
        "title": result.scheme.title,
        "schools": [
            {
                "key": s.key, "name": s.name, "category": s.category, "rank": s.rank, "grade": s.grade,
                "total": s.total, "own_total": s.own_total, "own_part": s.own_part, "bundled_part": s.bundled_part,
                "normal_total": s.normal_total, "bonus": s.bonus, "deduction": s.deduction, "vetoed": s.vetoed,
                "veto_reasons": list(s.veto_reasons), "previous_total": s.previous_total, "change": s.change,
                "points": s.points, "raw": s.raw, "full_marks": s.full_marks, "values": s.values,
                "missing": list(s.missing),
                "trail": [{"code": t.code, "title": t.title, "source": t.source, "value": t.value, "rule": t.rule,
                           "raw": t.raw, "points": t.points} for t in s.trail],
            }
            for s in result.schools
        ],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="evaluation", description="学校年度考核计分（不连数据库）")
    sub = parser.add_subparsers(dest="action", required=True)
    t = sub.add_parser("template", help="输出方案模板（JSON）")
    t.add_argument("year", type=int)
    c = sub.add_parser("check", help="检查方案")
    c.add_argument("scheme")
    s = sub.add_parser("score", help="按方案计分")
    s.add_argument("scheme")
    s.add_argument("schools")
    s.add_argument("-o", "--output", help="写出考核结果工作簿（.xlsx）")
    s.add_argument("--json", action="store_true", help="以 JSON 输出全部结果")
    args = parser.parse_args(argv)
    out = sys.stdout
    if args.action == "template":
        out.write(json.dumps(scheme_to_dict(standard_scheme(args.year)), ensure_ascii=False, indent=2) + "\n")
        return 0
    scheme = scheme_from_dict(json.loads(Path(args.scheme).read_text(encoding="utf-8")))
    problems = validate(scheme)
    if args.action == "check" or problems:
        for p in problems:
            out.write(p + "\n")
        if not problems:
            out.write("方案检查通过\n")
        return 1 if problems else 0
    schools = schools_from_json(json.loads(Path(args.schools).read_text(encoding="utf-8")))
    try:
        result = score(scheme, schools)
    except ValueError as exc:
        out.write(f"{exc}\n")
        return 1
    if args.json:
        out.write(json.dumps(result_to_dict(result), ensure_ascii=False, indent=2) + "\n")
    else:
        for cat in scheme.categories:
            rows = result.ranking(cat.key)
            if not rows:
                continue
            out.write(f"【{cat.title}】{len(rows)}所学校\n")
            for r in rows:
                veto = f"  一票否决：{'；'.join(r.veto_reasons)}" if r.vetoed else ""
                out.write(f"{r.rank:>3}  {r.name}  {r.total:.2f}  {r.grade}{veto}\n")
    if args.output:
        evaluation_workbook(result, args.output)
        out.write(f"已写出 {args.output}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
