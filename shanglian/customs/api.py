"""customs API: /api/v1/customs/…"""

from ninja import Router

router = Router()
