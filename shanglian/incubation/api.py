"""incubation API: /api/v1/incubation/…"""

from ninja import Router

router = Router()
