"""`govinspect serve` (the web application) and `govinspect user` (its local accounts)."""

from __future__ import annotations

import getpass
import os
from typing import Annotated

import typer
from rich.table import Table

from govinspect.commands._common import JOBS_OPTION, console, fail, home_config, home_store

user_app = typer.Typer(help="网页端账号 — local accounts of `govinspect serve`: add, list.", no_args_is_help=True)
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="用户名 / user name")],
    role: Annotated[str, typer.Option("--role", help="admin | inspector (检查人员) | operator (单位运维)")],
    unit: Annotated[list[str] | None, typer.Option("--unit", help="主办单位 an operator answers for "
                                                   "(repeatable; required for operators).")] = None,
    password_env: Annotated[str | None, typer.Option("--password-env", help="Read the password from this "
                                                     "environment variable instead of asking.")] = None,
) -> None:
    """Create an account; the password is asked twice (or read from --password-env)."""
    from govinspect.web.accounts import AccountError, add_user

    if password_env:
        password = os.environ.get(password_env, "")
        if not password:
            raise fail(f"环境变量{password_env}为空 / environment variable {password_env} is empty")
    else:
        password = getpass.getpass("密码 / password: ")
        if getpass.getpass("再输一次 / again: ") != password:
            raise fail("两次输入的密码不一致 / the passwords differ")
    try:
        row = add_user(home_store(home_config()), name, password, role, unit)
    except AccountError as exc:
        raise fail(str(exc)) from exc
    units = f"，单位 units: {'、'.join(row.units)}" if row.units else ""
    console.print(f"已创建用户 / created user {row.name} ({row.role}){units}")


@user_app.command("list")
def user_list() -> None:
    """List the accounts (never their passwords)."""
    from govinspect.web.accounts import list_users

    table = Table(title="网页端账号 / accounts")
    for col in ("用户名", "角色 role", "主办单位 units", "锁定至 locked until"):
        table.add_column(col)
    for row in list_users(home_store(home_config())):
        table.add_row(row.name, row.role, "、".join(row.units or []),
                      row.locked_until.isoformat(timespec="minutes") if row.locked_until else "")
    console.print(table)


def serve(
    port: Annotated[int, typer.Option("--port", help="端口 / port")] = 8000,
    host: Annotated[str, typer.Option("--host", help="监听地址 / address to listen on")] = "127.0.0.1",
    jobs: Annotated[int | None, JOBS_OPTION] = None,
) -> None:
    """网页端 — the web application for inspectors, unit operators and the public 找错 form.

    Cookies are marked Secure except on a loopback address (http://127.0.0.1 has no TLS); put
    the application behind HTTPS (a reverse proxy) anywhere else. A run launched from the browser
    analyses its targets in --jobs processes, as `inspect` does."""
    import uvicorn

    from govinspect.web.accounts import has_users
    from govinspect.web.app import create_app

    config = home_config()
    store = home_store(config)
    if not has_users(store):
        console.print("[yellow]还没有账号。先创建管理员 / no accounts yet: create the first admin with[/]\n"
                      f"  govinspect --home {config.home} user add NAME --role admin", highlight=False)
    application = create_app(config, store, secure_cookies=host not in LOOPBACK, analysis_jobs=jobs)
    console.print(f"网页端 / web application on http://{host}:{port}/ (Ctrl-C 停止 / to stop)", highlight=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
    app.command("serve")(serve)
