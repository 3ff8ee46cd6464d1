"""``govinspect init`` and ``govinspect config`` — the home folder (数据目录) and its settings."""

from __future__ import annotations

import typer

from govinspect.commands._common import console, home_config, home_store


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command("config")(show_config)


def init() -> None:
    """Create the home folder with its store and a config.toml to edit (初始化)."""
    config = home_config()
    home_store(config).close()
    cfg = config.home / "config.toml"
    if not cfg.exists():
        cfg.write_text("# govinspect settings: copy sections from the defaults (`govinspect config`) and edit.\n"
                       "# [crawl]\n# max_pages_per_site = 500\n", encoding="utf-8")
    console.print(f"已初始化 / initialised {config.home.resolve()}")


def show_config() -> None:
    """Print the effective configuration (defaults merged with <home>/config.toml); the store URL
    (GOVINSPECT_DB_URL or the SQLite file) is shown first, its password masked."""
    import tomli_w

    from govinspect.store.settings import mask_url

    config = home_config()
    console.print(f"# 数据库 / store: {mask_url(config.db_url)}", markup=False, highlight=False)
    console.print(tomli_w.dumps(config.data), markup=False, highlight=False)
