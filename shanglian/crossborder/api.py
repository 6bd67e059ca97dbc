"""crossborder API: /api/v1/crossborder/…"""

from ninja import Router

router = Router()
