"""The versioned JSON API: /api/v1/… with OpenAPI docs at /api/v1/docs (also /api/docs)."""

from shanglian.agreements.api import router as agreements_router
from shanglian.charity.api import router as charity_router
from shanglian.competition.api import router as competition_router
from shanglian.consultations.api import router as consultations_router
from shanglian.core import api_errors
from shanglian.crossborder.api import router as crossborder_router
from shanglian.customs.api import router as customs_router
from shanglian.directory.api import router as directory_router
from shanglian.events.api import router as events_router
from shanglian.festival.api import router as festival_router
from shanglian.incubation.api import router as incubation_router
from shanglian.mailings.api import router as mailings_router
from shanglian.matching.api import router as matching_router
from shanglian.news.api import router as news_router
from shanglian.sharing.api import router as sharing_router

api = api_errors.ErrorsDeclaredAPI(title="Shanglian API", version="1", urls_namespace="api-v1",
                                  description="全港各區工商聯 · 商聯平台 API")
api_errors.install(api)  # every error is JSON {code, message, fields}, mapped here once
# Festival first: URL resolving tries the API's paths in order, and the festival claim is the one
# route that takes thousands of requests a minute (bench/festival.md). No two prefixes overlap.
api.add_router("/festival/", festival_router, tags=["festival"])
api.add_router("/directory/", directory_router, tags=["directory"])
api.add_router("/matching/", matching_router, tags=["matching"])
api.add_router("/events/", events_router, tags=["events"])
api.add_router("/customs/", customs_router, tags=["customs"])
api.add_router("/crossborder/", crossborder_router, tags=["crossborder"])
api.add_router("/sharing/", sharing_router, tags=["sharing"])
api.add_router("/incubation/", incubation_router, tags=["incubation"])
api.add_router("/agreements/", agreements_router, tags=["agreements"])
api.add_router("/mailings/", mailings_router, tags=["mailings"])
api.add_router("/news/", news_router, tags=["news"])
api.add_router("/consultations/", consultations_router, tags=["consultations"])
api.add_router("/charity/", charity_router, tags=["charity"])
api.add_router("/competition/", competition_router, tags=["competition"])
