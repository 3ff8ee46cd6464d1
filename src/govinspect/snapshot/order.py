"""Page order of a site snapshot (页面顺序): the same for two crawls of an unchanged site.

The crawler stores pages in the order their fetches *finished*, which parallel requests and a
server's timing decide. Rules that name an example page, list the first N pages of a defect or
read at most ``max_pages`` pages would then differ between two crawls of the same site. The
snapshot therefore orders its pages by:

1. link distance from the homepage (点击距离): the fewest links a visitor follows from the
   homepage to reach the page, over the links of the pages the snapshot holds; a further list
   page (翻页) counts as the same distance as its first page, as the crawler counts it;
2. then the canonical URL, so pages at one distance have a total order.

The homepage comes first (distance 0). Pages no link of the snapshot reaches (their only
referrer failed, or was reached through a session-id link the crawler cleaned) come after all
others, by URL.

Not the crawler's own ``frontier.depth``: that is the depth at which a URL was *first* found,
and with parallel fetches a deep page can find a URL before the slower shallow page that also
links it, so it depends on timing too. Distance over the stored link graph depends only on what
the pages say.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

from govinspect.model import PageModel

UNREACHED = 1 << 30  # the distance of a page no link of the snapshot leads to


def link_distances(pages: Mapping[str, PageModel], root: str | None) -> dict[str, int]:
    """Fewest links from ``root`` to each page of ``pages`` it reaches (``root`` itself 0).

    A 0-1 breadth-first search: a link is one step, a pagination link none."""
    if root is None or root not in pages:
        return {}
    distance = {root: 0}
    todo: deque[str] = deque([root])
    while todo:
        url = todo.popleft()
        here = distance[url]
        page = pages[url]
        for target in page.pagination:
            if target in pages and here < distance.get(target, UNREACHED):
                distance[target] = here
                todo.appendleft(target)  # a free step: explored before the pages one link further
        further = here + 1
        for link in page.links:
            target = link.url
            if further < distance.get(target, UNREACHED) and target in pages:
                distance[target] = further
                todo.append(target)
    return distance


def page_order(pages: Mapping[str, PageModel], root: str | None) -> list[str]:
    """The URLs of ``pages``, nearest to the homepage ``root`` first, then by URL."""
    distance = link_distances(pages, root)
    return sorted(pages, key=lambda url: (distance.get(url, UNREACHED), url))
