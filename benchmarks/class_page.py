"""Benchmark: a class page of a 100,000-candidate exam (issue 17) — placing its pupils in the county.

Run with ``.venv/bin/python benchmarks/class_page.py [--rows N] [--repeat N]``. It generates the county exam of
``exam_analysis.py`` and times, in one process, the county rank, percentile rank and T score of one class's pupils:

1. the old way: ``candidate_scores`` over every candidate of the county, then the class's rows (what each class
   page request did);
2. the new way: ``summarize_scores`` once per exam version (kept in the cache, so paid by the first page only) and
   ``place`` for the class's pupils (what every later page does).

It checks that both give the same figures, and prints the times and the ratio of a cached page to the old page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import polars as pl  # noqa: E402
from exam_analysis import FULL, generate, write_files  # noqa: E402

from edubureau.quality.engine.config import TOTAL, ExamConfig  # noqa: E402
from edubureau.quality.engine.placing import place, summarize_scores  # noqa: E402
from edubureau.quality.engine.reading import read_score_file  # noqa: E402
from edubureau.quality.engine.scores import clean_scores  # noqa: E402
from edubureau.quality.engine.stats import candidate_scores  # noqa: E402


def timed(func, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    config = ExamConfig(dict(FULL))
    with tempfile.TemporaryDirectory() as folder:
        csv_path, _xlsx = write_files(generate(args.rows), Path(folder))
        frame = clean_scores(read_score_file(csv_path), config)
    school, klass = frame["school"][0], frame["class"][0]
    pupils = frame.filter((pl.col("school") == school) & (pl.col("class") == klass))
    subjects = [*config.subjects, TOTAL]

    def old():
        scores = candidate_scores(frame, config)
        return scores.filter((pl.col("school") == school) & (pl.col("class") == klass))

    def new(summary):
        return [{s: place(summary[s], row[s]) for s in subjects} for row in pupils.iter_rows(named=True)]

    old_time, old_rows = timed(old, args.repeat)
    summary_time, summary = timed(lambda: summarize_scores(frame, config), args.repeat)
    page_time, placed = timed(lambda: new(summary), args.repeat)
    by_pupil = {(r["exam_no"], r["subject"]): r for r in old_rows.iter_rows(named=True)}
    for row, cells in zip(pupils.iter_rows(named=True), placed, strict=True):
        for s in subjects:
            want, got = by_pupil[(row["exam_no"], s)], cells[s]
            assert (got is None) == (want["score"] is None)
            assert got is None or (got["rank"] == want["rank"] and abs(got["t"] - want["t"]) < 1e-9)
    print(f"{args.rows:,} candidates × {len(FULL)} subjects; one class of {pupils.height} pupils; median of "
          f"{args.repeat}")
    print(f"  old page (rank every candidate, then the class):  {old_time * 1000:8.1f} ms")
    print(f"  summary of the county's scores (once per exam):   {summary_time * 1000:8.1f} ms")
    print(f"  new page (place the class's pupils):               {page_time * 1000:8.1f} ms")
    print(f"  ratio old / new page: {old_time / page_time:,.0f}×; figures identical for every pupil and subject")


if __name__ == "__main__":
    main()
