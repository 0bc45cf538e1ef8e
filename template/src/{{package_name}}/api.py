"""The JSON API: every domain's router, each included by main.py under the one version prefix."""

from __future__ import annotations

from fastapi import APIRouter

from .analytics.router import router as analytics_router
from .audit.router import router as audit_router
from .feedback.router import router as feedback_router
from .invite.router import router as invite_router
from .item.router import router as item_router
from .user.router import router as user_router
from .waitlist.router import router as waitlist_router

API_PREFIX = "/api/v1"

# Not one router holding the others: FastAPI matches a request level by level, and each level
# scans the routes before the match again, a tenth of a page's CPU (docs/adr/0018).
api_routers: list[APIRouter] = []
for router in (
    user_router, invite_router, item_router, analytics_router, audit_router,
):  # fmt: skip
    api_routers.append(router)
# The waitlist's own line: the tuple above is the one a team edits to add its domain.
api_routers.append(waitlist_router)
api_routers.append(feedback_router)  # feedback's too
