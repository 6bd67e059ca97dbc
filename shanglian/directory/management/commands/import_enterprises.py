"""manage.py import_enterprises FILE [--dry-run] [--user USERNAME]: the web import, for scripts.

Prints the preview summary and every rejected row, then commits the valid rows (all-or-nothing)
unless --dry-run. Exits non-zero when the file is refused or the commit fails.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from shanglian.directory.importing import services
from shanglian.directory.importing.parse import ImportRefused, check_size, parse_file
from shanglian.directory.importing.validate import CREATE, REJECT, UPDATE, validate_rows
from shanglian.directory.models import ImportBatch


class Command(BaseCommand):
    help = "Import enterprises (with their membership) from an .xlsx or .csv file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Preview only; write nothing.")
        parser.add_argument("--user", help="Username recorded in the audit log as the importer.")

    def handle(self, *args, file: Path, dry_run: bool, user: str | None, **options) -> None:
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Unknown user: {user}")
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            check_size(file.stat().st_size)
            parsed = parse_file(file.read_bytes(), file.name)
        except ImportRefused as exc:
            raise CommandError(f"Refused: {exc.message}") from exc

        def progress(done: int, total: int) -> None:
            if done % 1000 == 0 or done == total:
                self.stderr.write(f"  checked {done}/{total}")

        preview = validate_rows(parsed.rows, progress=progress if options.get("verbosity", 1) > 1 else None)
        counts = preview["counts"]
        self.stdout.write(f"{file.name}: {len(preview['rows'])} rows — create {counts[CREATE]}, "
                          f"update {counts[UPDATE]}, reject {counts[REJECT]}")
        if parsed.ignored:
            self.stdout.write("Ignored columns: " + ", ".join(parsed.ignored))
        for row in preview["rows"]:
            if row["action"] == REJECT:
                self.stdout.write(f"  row {row['row']}: REJECTED {row.get('label') or ''} — "
                                  + "; ".join(row["errors"]))
        warned = [row for row in preview["rows"] if row.get("warnings")]
        for row in warned[:20]:
            self.stdout.write(f"  row {row['row']}: warning — " + "; ".join(row["warnings"]))
        if len(warned) > 20:
            self.stdout.write(f"  … and {len(warned) - 20} more warnings")
        if dry_run:
            self.stdout.write("Dry run: nothing written.")
            return
        if not (counts[CREATE] or counts[UPDATE]):
            raise CommandError("Nothing to import: every row was rejected.")
        batch = services.import_batch_create(actor=actor, filename=file.name, parsed=parsed, preview=preview)
        services.import_batch_confirm(actor=actor, batch=batch, enqueue=False)
        batch = services.import_batch_commit(batch_id=batch.pk, actor_id=actor.pk if actor else None)
        if batch.status != ImportBatch.Status.DONE:
            raise CommandError(batch.error_message or "Import failed; nothing was written.")
        self.stdout.write(self.style.SUCCESS(
            f"Imported batch {batch.pk}: created {batch.created_count}, updated {batch.updated_count}, "
            f"rejected {batch.rejected_count}."))
