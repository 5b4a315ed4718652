"""Background work of 督导: running the visit planner for a term (CP-SAT can take its whole time limit)."""

from django_tasks import task

from .engine import planner as planner_engine
from .models import PlanRun
from .services import planner_input, visits_to_json

__all__ = ["run_planner"]


@task()
def run_planner(run_id: int) -> str:
    """Plan the run's term and keep the calendar, the gaps (in Chinese) and the coverage figures on the run."""
    run = PlanRun.objects.select_related("term").get(pk=run_id)
    PlanRun.objects.filter(pk=run_id).update(status=PlanRun.Status.RUNNING)
    try:
        data = planner_input(run.term, time_limit_s=run.time_limit, max_km_per_day=run.max_km_per_day,
                             user=run.requested_by)
        result = planner_engine.plan_visits(data)
        visits = [v for v in result.visits if run.from_day is None or v.day >= run.from_day]
        run.result = {
            "feasible": result.feasible, "status": result.status, "solve_seconds": result.solve_seconds,
            "gaps": [g.message for g in result.gaps], "coverage": result.coverage, "note": result.note,
            "visits": visits_to_json(visits),
        }
        run.status = PlanRun.Status.DONE
    except Exception:
        PlanRun.objects.filter(pk=run_id).update(status=PlanRun.Status.FAILED)
        raise
    run.save(update_fields=["result", "status"])
    return run.status
