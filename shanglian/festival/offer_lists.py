"""The public offer list at festival scale (50,000 offers): a page and its count read a bounded
number of rows whatever the filters (issue 11: p95 < 50 ms for every query class).

``selectors.offer_search`` returns an ``OfferResults`` queryset. It is an ordinary lazy queryset
(chain it, slice it, hand it to a ``Paginator``); three reads are done differently:

- **A page** (a slice) is read in two steps: the ids of the page first, through a narrow query
  (only the filters and the ordering: no joins for display, no per-row coupon check), then the
  rows of those ids with their merchant, brand, category and shops. Before, SQLite joined and
  checked every matching offer (10,000 for a category) to keep 20.
- **Nearest first** (``sort_by_distance``): the page is looked for among the offers with a shop
  in a box around the visitor first (an index on the shops' coordinates), the box growing until
  the page is full. Only then is the exact order the same as over all offers: an offer whose
  nearest shop is within r of the visitor has that shop inside the box of half-side r, and every
  offer outside is farther than r (see ``_near_slice``). Deep pages and boxes that grow past
  Hong Kong fall back to ordering every offer.
- **The count** stops at ``COUNT_CAP`` (the search's, 1,000) like a text search's count, with
  ``count_capped`` set: the pages then say "more than 1,000 offers, add words or filters".

A text search (``core.search.search_filter``) keeps its own ranked-head reading; this class sits
under it (``_SearchResults`` first in the MRO), so its slice and count are only used when the
search's own are not (nearest first, or a head that does not fill the page). Nearest first with a
text query on PostgreSQL, the matches are ordered whole (``_match_order``): one statement over
their ids and shops gives the first pages' ids and the count.
"""

from __future__ import annotations

import math

from django.db.models import Count, ExpressionWrapper, F, FloatField, Min, QuerySet, Value, Window
from django.db.models.sql.where import WhereNode

from shanglian.core.search import COUNT_CAP

NEAR_START_DEG = 0.005  # the first box's half side in degrees of latitude (≈ 550 m)
NEAR_GROWTH = 4.0  # the box's side grows by this much while the page is not full …
NEAR_MAX_DEG = 1.0  # … up to ≈ 110 km (all of Hong Kong from anywhere in it); then every offer is ordered
NEAR_MAX_LINKS = 10_000  # a box holding more shop-offer links than this: order every offer instead
NEAR_MAX_ROWS = 200  # pages ending deeper than this are ordered over every offer
PAGE_IDS_MAX_ROWS = 1000  # the same for the two-step page read
AMONG_FIRST_IDS = 40  # a district nearest first: at least this many ids ordered before the list's check


def squared_distance(prefix: str, lat: float, lng: float) -> ExpressionWrapper:
    """(Δlat² + Δlng²·cos²lat) of a shop (fields ``{prefix}lat``/``lng``) from (lat, lng), in
    degrees of latitude squared: the equirectangular approximation (see ``sort_by_distance``)."""
    k = math.cos(math.radians(lat)) ** 2
    dlat, dlng = F(f"{prefix}lat") - Value(lat), F(f"{prefix}lng") - Value(lng)
    return ExpressionWrapper(dlat * dlat + dlng * dlng * Value(k), output_field=FloatField())


class OfferResults(QuerySet):
    """The offer list's queryset (see the module's docstring)."""

    _near: tuple[float, float] | None = None  # the visitor, when sorted nearest first
    _count_from: QuerySet | None = None  # the list before the distance ordering (what count() counts)
    # False when a filter already keeps few shops (a district): ordering their offers is cheaper
    # than growing a box around a visitor who may be far from all of them.
    _near_box = True
    # The offer ids a district keeps (its shops' links, ``selectors.offer_search``): nearest first,
    # the page is ordered from those offers' links alone (``_among_slice``).
    _near_among: QuerySet | None = None
    # A text query on PostgreSQL (``sort_by_distance``): its matches are ordered whole, in one
    # narrow statement that counts them too (``_match_order``).
    _order_matches = False
    _match_order_result: tuple[list, int] | None = None
    count_capped = False  # count() stopped at COUNT_CAP (``core.search.search_count_capped`` reads it)

    def _clone(self):
        c = super()._clone()
        c._near, c._count_from, c._near_box = self._near, self._count_from, self._near_box
        c._near_among = self._near_among
        c._order_matches = self._order_matches
        return c

    # ---- count ---------------------------------------------------------------------------

    _count_result: tuple[int, bool] | None = None

    def _counted(self) -> tuple[int, bool]:
        """(count, capped), computed once per queryset (the Paginator counts, then slices)."""
        if self._count_result is None:
            self._count_result = (self.count(), self.count_capped)
        return self._count_result

    def count(self) -> int:
        """Exact up to COUNT_CAP; beyond it COUNT_CAP with ``count_capped`` set. The rows are
        counted from a narrow subquery that stops at COUNT_CAP + 1 (``SELECT COUNT(*) FROM
        (SELECT id … LIMIT 1001)``), not by counting every match."""
        if self._result_cache is not None:
            return len(self._result_cache)
        if self._count_result is not None:
            self.count_capped = self._count_result[1]
            return self._count_result[0]
        if self._order_matches and (order := self._match_order()) is not None:
            total = order[1]
            self.count_capped = total > COUNT_CAP
            self._count_result = (min(total, COUNT_CAP), self.count_capped)
            return self._count_result[0]
        if self._count_from is not None:
            n = self._count_from.count()
            self.count_capped = bool(getattr(self._count_from, "count_capped", False))
            self._count_result = (n, self.count_capped)
            return n
        base = self._chain()
        base.query.clear_ordering(force=True)
        n = QuerySet.count(QuerySet.__getitem__(base.values("pk"), slice(0, COUNT_CAP + 1)))
        self.count_capped = n > COUNT_CAP
        self._count_result = (min(n, COUNT_CAP), self.count_capped)
        return min(n, COUNT_CAP)

    # ---- a page ----------------------------------------------------------------------------

    def __getitem__(self, k):
        if isinstance(k, slice) and self._result_cache is None:
            rows = self._near_slice(k) if self._near is not None else None
            if rows is None and self._order_matches:
                rows = self._match_slice(k)
            if rows is None:  # not nearest first, or the box could not answer: ids first all the same
                rows = self._page_slice(k)
            if rows is not None:
                return rows
        return super().__getitem__(k)

    @staticmethod
    def _bounds(k: slice, max_rows: int) -> tuple[int, int] | None:
        start, stop = k.start or 0, k.stop
        if k.step is not None or stop is None or start < 0 or stop <= start or stop > max_rows:
            return None
        return start, stop

    def _sliceable(self) -> bool:
        q = self.query
        return not (q.is_sliced or q.distinct or q.combinator or q.extra or not q.order_by)

    def _page_slice(self, k: slice) -> QuerySet | None:
        """Ids first (narrow), then the rows of those ids (wide). Text searches keep their own
        reading (``search_rank`` is an extra select that a values() query cannot order by)."""
        bounds = self._bounds(k, PAGE_IDS_MAX_ROWS)
        if bounds is None or not self._sliceable():
            return None
        ids = list(QuerySet.__getitem__(self.values_list("pk", flat=True), slice(*bounds)))
        return self._rows(ids)

    def _near_slice(self, k: slice) -> QuerySet | None:
        """The slice of the nearest-first order, read from the offers with a shop in a box around
        the visitor, the box growing until it holds the slice.

        The distance is ``nearest_d2`` (``selectors.sort_by_distance``): (Δlat² + Δlng²·cos²lat)
        over the offer's shops, in degrees of latitude squared. A shop within r of the visitor
        has |Δlat| ≤ r and |Δlng| ≤ r / cos lat, so it is in the box. Therefore an offer with
        ``nearest_d2 ≤ r²`` has its nearest shop in the box (the minimum over the box's shops is
        its distance), and every other offer is farther than r: if the offers whose nearest shop
        in the box is within r fill positions [start, stop) of their own order, those are the
        same positions of the order over all offers (ties broken by -id in both)."""
        bounds = self._bounds(k, NEAR_MAX_ROWS)
        base = self._count_from
        if bounds is None or base is None or self.query.is_sliced or self.query.distinct or self.query.combinator:
            return None
        if not self._near_box:
            return self._among_slice(bounds, base)
        if "search_rank" in self.query.extra:
            # A text search: its matches are already a bounded set (the index match), ordered whole.
            return None
        if not self._counted()[1]:
            # At most COUNT_CAP offers pass the filters: ordering them all is cheap, while a box
            # might have to grow far to collect a narrow filter's offers.
            return None
        from shanglian.festival.models import Offer

        lat, lng = self._near
        cos = math.cos(math.radians(lat))
        if cos < 0.01:  # within a degree of a pole: no box worth drawing
            return None
        start, stop = bounds
        r = NEAR_START_DEG
        while r <= NEAR_MAX_DEG:
            half_lat, half_lng = r * 1.0001, r * 1.0001 / cos  # a hair wider: rounding never drops a shop
            links = Offer.shops.through.objects.filter(
                shop__lat__gte=lat - half_lat, shop__lat__lte=lat + half_lat,
                shop__lng__gte=lng - half_lng, shop__lng__lte=lng + half_lng).values("pk")
            n_links = QuerySet.count(QuerySet.__getitem__(links, slice(0, NEAR_MAX_LINKS + 1)))
            if n_links > NEAR_MAX_LINKS:
                # The filters keep few of the offers near the visitor (a far district): checking
                # every offer of a larger box costs more than ordering the filtered offers.
                return None
            ids = []
            if n_links >= stop:  # fewer links than the slice's end cannot fill it (index only: cheap)
                # One filter() call: the four bounds are on the same shop (one join), and the Min
                # after it is over the offer's shops in the box only.
                ids = (base.filter(shops__lat__gte=lat - half_lat, shops__lat__lte=lat + half_lat,
                                   shops__lng__gte=lng - half_lng, shops__lng__lte=lng + half_lng)
                       .values("pk")  # GROUP BY the id alone
                       .annotate(box_d2=Min(squared_distance("shops__", lat, lng)))
                       .filter(box_d2__lte=r * r).order_by("box_d2", "-pk").values_list("pk", flat=True))
                ids = list(QuerySet.__getitem__(ids, slice(0, stop)))
                if len(ids) == stop:
                    return self._rows(ids[start:])
            # Grow by the density seen so far (offers found per area), between ×1.5 and ×4; by ×1.5
            # while the box is empty (shops cluster: the next ring may hold hundreds).
            r *= min(NEAR_GROWTH, max(1.5, 1.2 * math.sqrt(stop / len(ids)))) if ids else 1.5
        return None

    def _among_slice(self, bounds: tuple[int, int], base: QuerySet) -> QuerySet | None:
        """Nearest first among a district's offers (``_near_among``): their links alone, grouped
        by offer, give the order (the nearest of each offer's shops, any district's, as
        ``nearest_d2``); the list's other conditions (listed, category …) are then checked for the
        first ids only, read further while they do not fill the slice. Joined from the offers
        with every condition, PostgreSQL checked the listing of the district's ~5,500 offers
        before ordering them (25 → 15 ms at 50,000 offers). None (order every offer) when the
        first PAGE_IDS_MAX_ROWS ids do not fill the slice."""
        if self._near_among is None or "search_rank" in self.query.extra:
            return None
        from shanglian.festival.models import Offer

        lat, lng = self._near
        start, stop = bounds
        order = (Offer.shops.through.objects.filter(offer_id__in=self._near_among).values("offer_id")
                 .annotate(d2=Min(squared_distance("shop__", lat, lng)))
                 .order_by(F("d2").asc(nulls_last=True), "-offer_id").values_list("offer_id", flat=True))
        want = max(2 * stop, AMONG_FIRST_IDS)
        while True:
            ids = list(QuerySet.__getitem__(order, slice(0, want)))
            shown = set(QuerySet.values_list(base.filter(pk__in=ids).order_by(), "pk", flat=True))
            kept = [pk for pk in ids if pk in shown]
            if len(kept) >= stop or len(ids) < want:  # the slice is full, or every offer was read
                return self._rows(kept[start:stop])
            if want >= PAGE_IDS_MAX_ROWS:
                return None
            want = min(PAGE_IDS_MAX_ROWS, want * 4)

    def _match_order(self) -> tuple[list, int] | None:
        """(the first PAGE_IDS_MAX_ROWS ids nearest first, how many rows there are), read by one
        statement over the ids and shops of the rows alone (``Min`` over a join: no row read for
        display, no subquery per row), the count a window over the same groups. Kept on the
        queryset: the Paginator counts, then slices (a deep page costs what the first does).
        None when the queryset is not plain enough."""
        if self._match_order_result is None:
            q = self.query
            if q.is_sliced or q.distinct or q.combinator or self._near is None:
                return None
            lat, lng = self._near
            ids = (self.values("pk")  # GROUP BY the id alone
                   .annotate(box_d2=Min(squared_distance("shops__", lat, lng)), total=Window(Count("*")))
                   .order_by(F("box_d2").asc(nulls_last=True), "-pk").values_list("pk", "total"))
            rows = list(QuerySet.__getitem__(ids, slice(0, PAGE_IDS_MAX_ROWS)))
            self._match_order_result = ([pk for pk, _ in rows], rows[0][1] if rows else 0)
        return self._match_order_result

    def _match_slice(self, k: slice) -> QuerySet | None:
        bounds = self._bounds(k, PAGE_IDS_MAX_ROWS)
        order = self._match_order() if bounds is not None else None
        if order is None:
            return None
        return self._rows(order[0][bounds[0]:bounds[1]])

    def _rows(self, ids: list) -> QuerySet:
        """The rows of ``ids`` (with the queryset's annotations, select_related and prefetches),
        in the order of ``ids``; a queryset with its result cache filled, like a sliced one."""
        rows = self._chain()
        # The filters chose the ids already: the rows are read by primary key alone (a district's
        # filter would build its list of 5,000 offers again to check 20).
        rows.query.where = WhereNode()
        rows = rows.filter(pk__in=ids)
        rows._near = rows._count_from = None
        rows._fetch_all()
        position = {pk: i for i, pk in enumerate(ids)}
        seen: set = set()
        ordered = []
        for row in sorted(rows._result_cache, key=lambda o: position[o.pk]):
            if row.pk not in seen:
                seen.add(row.pk)
                ordered.append(row)
        rows._result_cache = ordered
        return rows
