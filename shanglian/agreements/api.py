"""agreements API: /api/v1/agreements/…"""

from ninja import Router

router = Router()
