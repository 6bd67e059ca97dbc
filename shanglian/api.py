"""The versioned JSON API: /api/v1/… with OpenAPI docs at /api/v1/docs (also /api/docs)."""

from shanglian.core import api_errors
from shanglian.directory.api import router as directory_router
from shanglian.events.api import router as events_router
from shanglian.festival.api import router as festival_router
from shanglian.matching.api import router as matching_router

api = api_errors.ErrorsDeclaredAPI(title="Shanglian API", version="1", urls_namespace="api-v1",
                                  description="全港各區工商聯 · 商聯平台 API")
api_errors.install(api)  # every error is JSON {code, message, fields}, mapped here once
api.add_router("/directory/", directory_router, tags=["directory"])
api.add_router("/matching/", matching_router, tags=["matching"])
api.add_router("/events/", events_router, tags=["events"])
api.add_router("/festival/", festival_router, tags=["festival"])
