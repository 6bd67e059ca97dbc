"""mailings API: /api/v1/mailings/…"""

from ninja import Router

router = Router()
