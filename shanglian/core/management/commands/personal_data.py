"""Export (JSON) or erase everything held for one phone number or one person.

    manage.py personal_data --phone +85291234567 --export [--output file.json]
    manage.py personal_data --person 42 --erase
"""

from __future__ import annotations

import json
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from shanglian.core.privacy import personal_data_erase, personal_data_export, subject_for
from shanglian.core.validation import normalise_phone


class Command(BaseCommand):
    help = "Export (JSON) or erase everything held for one phone number or person (PDPO / PIPL requests)."

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--phone", help="phone number (+852 / +853 / +86)")
        who.add_argument("--person", type=int, help="directory person id")
        who.add_argument("--email", help="login account e-mail (e.g. a competition entrant with no directory record)")
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--export", action="store_true", help="print everything held as JSON")
        what.add_argument("--erase", action="store_true", help="delete or anonymise everything held")
        parser.add_argument("--output", help="write the export to this file instead of standard output")

    def handle(self, *args, **options):
        phones = []
        if options["phone"] is not None:
            try:
                phone = normalise_phone(options["phone"])
            except ValidationError as exc:
                raise CommandError(exc.messages[0]) from exc
            if not phone:
                raise CommandError("--phone is empty")
            phones = [phone]
        subject = subject_for(phones=phones, person_ids=[options["person"]] if options["person"] is not None else [],
                              emails=[options["email"]] if options["email"] else [])
        if options["export"]:
            data = {"subject": {"phones": sorted(subject.phones), "person_ids": sorted(subject.person_ids),
                                "user_ids": sorted(subject.user_ids)},
                    "records": personal_data_export(subject)}
            text = json.dumps(data, ensure_ascii=False, indent=2)
            if options["output"]:
                with open(options["output"], "w", encoding="utf-8") as fh:
                    fh.write(text + "\n")
            else:
                sys.stdout.write(text + "\n")
            return
        counts = personal_data_erase(subject=subject)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
