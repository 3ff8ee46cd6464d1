"""Rich progress bars for crawls: one overall bar and one bar per site being crawled."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn


class RichCrawlProgress:
    """Implements govinspect.crawl.engine.CrawlProgress on a Rich Progress display."""

    def __init__(self, console: Console, total_sites: int) -> None:
        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, transient=False, disable=not console.is_terminal and console.quiet,
        )
        self.overall = self.progress.add_task("全部网站 / all sites", total=total_sites)
        self.sites: dict[str, TaskID] = {}

    def __enter__(self) -> RichCrawlProgress:
        self.progress.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.progress.stop()

    def site_started(self, code: str, name: str, total_hint: int) -> None:
        self.sites[code] = self.progress.add_task(f"  {name[:18]} {code}", total=total_hint or None)

    def page_done(self, code: str, url: str, ok: bool) -> None:
        task = self.sites.get(code)
        if task is not None:
            self.progress.advance(task)

    def site_done(self, code: str, pages: int, errors: int) -> None:
        task = self.sites.pop(code, None)
        if task is not None:
            self.progress.update(task, total=pages, completed=pages, visible=False)
            self.progress.remove_task(task)
        self.progress.advance(self.overall)
