"""Benchmark: a county's 国家学生体质健康标准 tests (issue 14) — the polars scorer against the plain Python one.

Run with ``.venv/bin/python benchmarks/fitness.py [--pupils N] [--sample S] [--save FILE]``. From a fixed seed it
builds N pupils over 年级编号 11–16, 21–23, 31–33 and 41–44 (values drawn around each grade's tables, 3% blanks),
then times in one process:

- the vectorised scorer (``engine.scoring.score_frame``: joins and column arithmetic in polars) on all N;
- the row-by-row scorer (``engine.scoring.score_pupil``: one dict per pupil, the baseline) on S pupils (all N by
  default: it takes seconds, not minutes; a smaller S is extrapolated to N), after checking that both give the same
  standard score, bonus and grade on every pupil it scored;
- the county summary (rates, mean points, weakest items, 肥胖率, 近视率) per school.
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

from edubureau.fitness.engine.scoring import score_frame, score_pupil, summarise  # noqa: E402
from edubureau.fitness.engine.standard import GRADE_CODES, ITEMS, threshold_row, weights_for  # noqa: E402

HEIGHT = {"1": (125, 12), "2": (158, 9), "3": (166, 8), "4": (168, 8)}


def county(pupils: int, seed: int = 2026) -> pl.DataFrame:
    rng = random.Random(seed)
    rows = []
    for n in range(pupils):
        grade = rng.choice(GRADE_CODES)
        sex = rng.choice("男女")
        height = round(rng.gauss(*HEIGHT[grade[0]]), 1)
        weight = round(max(15.0, (height / 100) ** 2 * rng.gauss(19.5, 3.2)), 1)
        row = {"学校标识码": f"S{n % 120:03d}", "学籍号": f"G{n:07d}", "年级编号": grade, "性别": sex,
               "身高": height, "体重": weight, "左眼裸眼视力": round(rng.uniform(4.0, 5.3), 1),
               "右眼裸眼视力": round(rng.uniform(4.0, 5.3), 1)}
        for item in ITEMS:
            table = threshold_row(item, sex, grade)
            if item not in weights_for(sex, grade) or table is None or rng.random() < 0.03:
                row[item] = None
                continue
            values = [v for v in table if v is not None]
            low, high = min(values), max(values)
            spread = (high - low) * 0.15
            value = rng.uniform(low - spread, high + spread)
            row[item] = round(value) if isinstance(values[0], int) else round(value, 1)
        rows.append(row)
    schema = {"学校标识码": pl.String, "学籍号": pl.String, "年级编号": pl.String, "性别": pl.String,
              "身高": pl.Float64, "体重": pl.Float64, "左眼裸眼视力": pl.Float64, "右眼裸眼视力": pl.Float64,
              **{i: pl.Float64 for i in ITEMS}}
    return pl.DataFrame(rows, schema=schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=300_000)
    parser.add_argument("--sample", type=int, default=300_000,
                        help="pupils the row-by-row baseline scores (all of them by default)")
    parser.add_argument("--save", help="write the table to this markdown file")
    args = parser.parse_args()

    started = time.perf_counter()
    frame = county(args.pupils)
    built = time.perf_counter() - started

    score_frame(frame.head(10))  # load the tables once, outside the timing, for both scorers
    started = time.perf_counter()
    scored = score_frame(frame)
    vectorised = time.perf_counter() - started

    sample = frame.head(min(args.sample, args.pupils))
    records = sample.to_dicts()
    started = time.perf_counter()
    plain = [score_pupil(r["年级编号"], r["性别"], r["身高"], r["体重"], r) for r in records]
    baseline_sample = time.perf_counter() - started
    baseline = baseline_sample * args.pupils / len(records)

    check = scored.head(len(records))
    disagree = sum(
        1 for a, b in zip(check.iter_rows(named=True), plain, strict=True)
        if (a["标准分"], a["附加分"], a["等级"]) != (b["standard_score"], b["bonus"], b["grade"])
    )
    started = time.perf_counter()
    schools = summarise(scored, by=["学校标识码"])
    county_row = summarise(scored)[0]
    summary_time = time.perf_counter() - started

    r = county_row["rates"]
    lines = [
        f"体质健康评分：{args.pupils:,}名学生（120所学校，年级编号11–44，固定种子），生成用时{built:.1f}秒",
        "",
        "| 评分 | 学生 | 用时（秒） | 每秒学生数 |",
        "|---|---:|---:|---:|",
        f"| 向量化（polars，score_frame） | {args.pupils:,} | {vectorised:.2f} | {args.pupils / vectorised:,.0f} |",
        f"| 逐行（纯 Python，score_pupil，基线）{'' if len(records) == args.pupils else '，样本'} | {len(records):,} | "
        f"{baseline_sample:.2f} | {len(records) / baseline_sample:,.0f} |",
        *([] if len(records) == args.pupils
          else [f"| 逐行，按样本外推到全部 | {args.pupils:,} | {baseline:.1f} | — |"]),
        f"| 之比（向量化 / 逐行） | | {vectorised / baseline:.3f}× | |",
        "",
        f"两种评分不一致的学生：{disagree}人（{len(records):,}人的标准分、附加分、等级逐人比较）。",
        f"汇总（全县一行 + 每校一行，{len(schools)}所）用时{summary_time:.2f}秒：评分{county_row['scored']:,}人，"
        f"合格率{r['pass']:.1%}，优良率{r['good']:.1%}，优秀率{r['excellent']:.1%}，"
        f"肥胖率{county_row['obesity_rate']:.1%}，近视率{county_row['myopia_rate']:.1%}；"
        f"薄弱项目：{'、'.join(county_row['weakest'])}。",
        f"未评分{args.pupils - county_row['scored']:,}人：生成数据时每个项目按3%的概率缺测，缺任一项目即不评定等级。",
    ]
    text = "\n".join(lines)
    print(text)
    if args.save:
        Path(args.save).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
