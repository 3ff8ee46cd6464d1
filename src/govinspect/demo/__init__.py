"""The demo farm: fictional local government websites with known defects (演示站点群).

``build_farm()`` makes the sites, ``FarmServer`` / ``serve_farm_in_thread`` serve them (also
as an HTTP proxy), ``EXPECTATIONS`` says what an inspection must and must not find, and
``export_static`` / ``nginx_config`` put the farm behind a real nginx for benchmarks.
"""

from govinspect.demo.farm import DEMO_AS_OF, Farm, FarmPage, FarmSite, build_farm

__all__ = ["DEMO_AS_OF", "Farm", "FarmPage", "FarmSite", "build_farm"]
