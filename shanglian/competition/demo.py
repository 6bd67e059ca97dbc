"""Demo photography competition (idempotent): open for entries and public voting, with a
dozen generated photos (Pillow gradients; nothing downloaded) and the secretariat as a judge."""

from __future__ import annotations

import datetime
import io
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from shanglian.competition import services
from shanglian.competition.models import Competition

TITLES = ["維港晨光", "街市人情", "獅子山下", "雨後旺角", "電車叮叮", "大澳棚屋", "石澳浪花", "天星小輪",
          "霓虹夜色", "郊野紅葉", "長洲包山", "舊區天台"]


def _photo(seed: int) -> bytes:
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    img = Image.new("RGB", (1600, 1200), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(14):
        x, y = rng.randrange(1600), rng.randrange(1200)
        r = rng.randrange(80, 420)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue()


def load_demo(*, stdout: Any = None) -> None:
    if Competition.objects.exists():
        if stdout:
            stdout.write("competition: demo data already present")
        return
    users = get_user_model().objects
    staff = users.filter(username="secretariat").first()
    entrants = [u for u in (users.filter(username=n).first() for n in
                            ("member1", "kwuntong-admin", "eastern-admin")) if u is not None]
    if staff is None or not entrants:
        return
    now = timezone.now()
    competition = services.competition_create(actor=staff, values={
        "title_zh_hant": "第十屆青年學藝攝影比賽", "title_zh_hans": "第十届青年学艺摄影比赛",
        "title_en": "10th Youth Photography Competition",
        "rules_zh_hant": "主題「我城印象」。作品須為參賽者本人拍攝，不得經過大幅修改。",
        "rules_en": "Theme: \"Impressions of my city\". Photos must be the entrant's own, without heavy editing.",
        "entry_deadline": now + datetime.timedelta(days=20), "vote_opens": now - datetime.timedelta(days=1),
        "vote_closes": now + datetime.timedelta(days=40), "status": "entries", "entries_per_person": 5},
        categories=["城市風貌", "人物生活"], age_groups=[("少年組", 10, 17), ("青年組", 18, 30)])
    for row, (hans, en) in zip(competition.categories.order_by("pk"), (("城市风貌", "Cityscape"),
                                                                      ("人物生活", "People and life")), strict=True):
        row.name_zh_hans, row.name_en = hans, en
        row.save(update_fields=["name_zh_hans", "name_en"])
    for row, (hans, en) in zip(competition.age_groups.all(), (("少年组", "Junior"), ("青年组", "Youth")), strict=True):
        row.name_zh_hans, row.name_en = hans, en
        row.save(update_fields=["name_zh_hans", "name_en"])
    services.judge_add(actor=staff, competition=competition, user=staff)
    categories = list(competition.categories.all())
    junior, senior = competition.age_groups.all()
    today = timezone.localdate()
    for i, title in enumerate(TITLES):
        user = entrants[i % len(entrants)]
        minor = i % 3 == 0
        birth = today.replace(year=today.year - (15 if minor else 22), day=1)
        services.entry_submit(actor=user, competition=competition, category_id=categories[i % 2].pk,
                              age_group_id=(junior if minor else senior).pk, entrant_name=f"參賽者{i + 1}",
                              birth_date=birth, title=title, data=_photo(i),
                              guardian_name="家長" if minor else "", guardian_consent=minor)
    if stdout:
        stdout.write(f"competition: 1 competition, {len(TITLES)} entries")
