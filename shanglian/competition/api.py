"""competition API: /api/v1/competition/…"""

from ninja import Router

router = Router()
