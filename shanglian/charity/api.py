"""charity API: /api/v1/charity/…"""

from ninja import Router

router = Router()
