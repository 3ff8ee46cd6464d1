"""``python -m govinspect``: the same as the ``govinspect`` command."""

from govinspect.cli import main

if __name__ == "__main__":  # a process pool's fresh interpreter imports this module again: no second run
    main()
