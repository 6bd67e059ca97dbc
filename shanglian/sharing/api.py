"""sharing API: /api/v1/sharing/…"""

from ninja import Router

router = Router()
