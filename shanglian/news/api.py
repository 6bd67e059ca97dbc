"""news API: /api/v1/news/…"""

from ninja import Router

router = Router()
