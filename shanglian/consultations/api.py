"""consultations API: /api/v1/consultations/…"""

from ninja import Router

router = Router()
