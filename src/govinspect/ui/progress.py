"""Rich progress bars: a crawl's (one overall bar, one per site being crawled), and a distributed
run's (one bar per step, counting its finished tasks)."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn


class _Bars:
    """A Rich Progress display on ``console`` (quiet and off a terminal: none), shown inside ``with``."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, transient=False, disable=not console.is_terminal and console.quiet,
        )

    def __enter__(self) -> Self:
        self.progress.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.progress.stop()


class RichCrawlProgress(_Bars):
    """Implements govinspect.crawl.engine.CrawlProgress on a Rich Progress display."""

    def __init__(self, console: Console, total_sites: int) -> None:
        super().__init__(console)
        self.overall = self.progress.add_task("全部网站 / all sites", total=total_sites)
        self.sites: dict[str, TaskID] = {}

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


_STEP_LABELS = {"crawl": "采集 crawl", "similarity": "抄袭比对 plagiarism pass", "analyse": "分析 analyse"}


class RichStepProgress(_Bars):
    """Progress of a run whose work is done elsewhere (``inspect --distributed``): one bar per step
    (crawl, plagiarism pass, analyse), counting its finished tasks."""

    def __init__(self, console: Console) -> None:
        super().__init__(console)
        self.bars: dict[str, TaskID] = {}

    def __call__(self, step: str, done: int, total: int) -> None:
        if step not in self.bars:
            self.bars[step] = self.progress.add_task(_STEP_LABELS.get(step, step), total=total)
        self.progress.update(self.bars[step], completed=done, total=total)
