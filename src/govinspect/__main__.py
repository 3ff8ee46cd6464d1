"""``python -m govinspect``: the same as the ``govinspect`` command."""

from govinspect.cli import main

main()
