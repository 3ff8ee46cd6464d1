"""The work of a run cut into tasks (任务), shared by the embedded run and the Celery workers.

- :mod:`govinspect.tasks.target`: one target's crawl (or an account's collection) and one
  target's analysis, each idempotent: a task done again resumes or overwrites, it never adds a
  second copy of what the first one stored.
- :mod:`govinspect.tasks.run`: the steps taken once per run: the cross-site plagiarism pass
  (抄袭, W-D16) before the analyses, the run's finish (state, alerts) after them.
- :mod:`govinspect.tasks.parallel`: the analyses of independent targets in a process pool
  (``inspect --jobs N``), with results identical to one after the other.

``govinspect.pipeline`` strings these together in one process; ``govinspect.distributed``
sends the same functions to Celery workers, one task per target.
"""
