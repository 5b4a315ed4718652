"""``edubureau inspection plan|bulletin|ledger``."""

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from edubureau.core.testing import factories as f
from edubureau.inspection.models import PlannedVisit

pytestmark = pytest.mark.django_db


def test_plan_and_accept(world):
    out = io.StringIO()
    call_command("inspection", "plan", "--term", str(world["term"].pk), "--time-limit", "2", "--accept", stdout=out)
    text = out.getvalue()
    assert "督学周达标100%" in text and "已采用" in text
    assert PlannedVisit.objects.filter(term=world["term"]).exists()


def test_bulletin_and_ledger_files(world, tmp_path):
    f.make_user(superuser=True, username="root")
    call_command("inspection", "bulletin", "-o", str(tmp_path / "b.docx"), stdout=io.StringIO())
    assert "督导工作通报" in Document(str(tmp_path / "b.docx")).paragraphs[0].text
    call_command("inspection", "ledger", "-o", str(tmp_path / "l.xlsx"), stdout=io.StringIO())
    assert (tmp_path / "l.xlsx").read_bytes()[:2] == b"PK"
    with pytest.raises(CommandError, match="日期格式"):
        call_command("inspection", "ledger", "--start", "yesterday", "-o", str(tmp_path / "x.xlsx"))
