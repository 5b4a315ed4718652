"""The balance engine's input from the registry: SchoolFacts of one school year as engine ``SchoolPart`` objects."""

from __future__ import annotations

from edubureau.org.models import School, SchoolFacts, SchoolYear

from .engine import JUNIOR, PRIMARY, SchoolPart, class_size_bands

LEVELS = {"primary": PRIMARY, "junior": JUNIOR}


def school_years():
    """The school years that have facts, newest first."""
    return SchoolYear.objects.filter(school_facts__level_part__in=LEVELS).distinct().order_by("-start_year")


def facts_for(year, region=None) -> list:
    # County figures need every school: the CVs are between schools. What a user *sees* of single schools is
    # restricted in ``visible_codes``. With ``region``, only that county's schools (a city holds ten times more).
    rows = SchoolFacts.objects.filter(school_year=year, level_part__in=LEVELS)
    if region is not None:
        rows = rows.filter(school__region=region)
    return list(
        rows
        .select_related("school", "school__central_school")
        .order_by("school__code", "level_part")
    )


def part_of(facts: SchoolFacts) -> SchoolPart:
    """One SchoolFacts row as an engine part (teaching points carry their central school's code)."""
    school = facts.school
    central = school.central_school
    return SchoolPart(
        code=school.code, name=school.name, level=LEVELS[facts.level_part], students=facts.students,
        teaching_area=float(facts.teaching_room_area), sports_area=float(facts.sports_area),
        equipment_value=float(facts.equipment_value), computers=facts.computers, books=facts.books,
        teachers=facts.full_time_teachers, above_qualified=facts.teachers_above_required_education,
        intermediate_titles=facts.teachers_intermediate_title, backbone=facts.key_teachers,
        pe_art_teachers=facts.pe_art_teachers, multimedia_rooms=facts.multimedia_rooms,
        kind="special" if school.kind == "special" else ("point" if central else ""),
        parent=central.code if central else "",
    )


def parts_for(year, region=None) -> list[SchoolPart]:
    return [part_of(f) for f in facts_for(year, region)]


def visible_codes(user) -> set[str]:
    """Codes of the schools whose single figures ``user`` may see (scope rules)."""
    return set(School.objects.visible_to(user).values_list("code", flat=True))


def class_bands_for(year, user) -> list[dict]:
    """Class-size bands per visible school part, from the band counts kept in SchoolFacts."""
    codes = visible_codes(user)
    rows = []
    for f in facts_for(year):
        if f.school.code not in codes:
            continue
        up_to_45 = max(f.classes - f.classes_46_55 - f.classes_56_65 - f.classes_66_plus, 0)
        # The facts hold counts per band; a representative size per band is enough to reuse the engine.
        sizes = [45] * up_to_45 + [50] * f.classes_46_55 + [60] * f.classes_56_65 + [70] * f.classes_66_plus
        bands = class_size_bands(sizes, LEVELS[f.level_part])
        # Over the 初中 norm of 50 cannot be told from the 46—55 band, so only 小学 gets the count.
        over = bands["over_norm"] if f.level_part == "primary" else None
        rows.append({"school": f.school, "level": LEVELS[f.level_part], "students": f.students, **bands,
                     "over_norm": over, "large_pct": round(bands["large_share"] * 100, 1)})
    return rows
