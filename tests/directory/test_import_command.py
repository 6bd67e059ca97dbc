"""manage.py import_enterprises FILE [--dry-run]: the same import for scripts."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from shanglian.core.models import AuditEntry
from shanglian.directory.models import Enterprise, ImportBatch

CSV = ("name_zh,name_en,association,district,industry,phone,br_number\n"
       "荃灣製衣有限公司,Tsuen Wan Garments Ltd,kwun-tong,荃灣,成衣及紡織,2412 3456,51234567\n"
       "广州物流有限公司,,香港觀塘工商業聯合會,广州,物流及运输,+86 20 8888 1234,\n"
       "壞電話公司,,kwun-tong,,,999,\n")


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "members.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_enterprises", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_dry_run_prints_summary_and_rejections_and_writes_nothing(csv_file, kwun_tong):
    output = run(str(csv_file), "--dry-run")
    assert "create 2, update 0, reject 1" in output
    assert "row 4: REJECTED 壞電話公司" in output and "999" in output
    assert not Enterprise.objects.exists() and not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_commit_imports_valid_rows_and_is_audited(csv_file, kwun_tong, secretariat):
    output = run(str(csv_file), "--user", secretariat.username)
    assert "created 2, updated 0, rejected 1" in output
    assert Enterprise.objects.count() == 2
    assert AuditEntry.objects.get(action="import.commit").actor == secretariat
    # Running it again updates the enterprise with a registration number and creates the other again.
    output = run(str(csv_file))
    assert "created 1, updated 1" in output


@pytest.mark.django_db
def test_refused_file_raises(tmp_path, kwun_tong):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"\x00\x01not excel")
    with pytest.raises(CommandError, match="Refused"):
        run(str(bad))
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "missing.csv"))
    assert not ImportBatch.objects.exists()


def test_exit_code_is_non_zero_when_refused(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"")
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    result = subprocess.run([sys.executable, str(manage), "import_enterprises", str(bad), "--dry-run"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "Refused" in result.stderr
