"""Local accounts (本地账号) and server-side sessions of the web application.

- Passwords are kept as argon2id hashes (argon2-cffi); a hash made with older parameters is
  replaced at the next successful sign-in.
- After ``MAX_FAILED_LOGINS`` wrong passwords in a row the account is locked for
  ``LOCKOUT_MINUTES`` (锁定); a correct password during the lock is refused too.
- A session is a random token in an HttpOnly cookie; the store keeps its SHA-256 only, with the
  session's CSRF token and expiry (``SESSION_HOURS``).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select

from govinspect.store import Store
from govinspect.timeutil import utcnow
from govinspect.web.models import UserRow, WebSessionRow

ROLES = ("admin", "inspector", "operator")
MAX_FAILED_LOGINS = 5
LOCKOUT_MINUTES = 15
SESSION_HOURS = 8
MIN_PASSWORD_LENGTH = 10
_NAME = re.compile(r"^[\w.@-]{2,100}$")
_hasher = PasswordHasher()


class AccountError(ValueError):
    """账号错误 / bad account request."""


class LoginError(Exception):
    """登录失败 / sign-in refused (the message never says whether the name exists)."""


@dataclass(frozen=True)
class Principal:
    """Who is signed in: what the role-scoping in :mod:`govinspect.web.access` needs."""

    user_id: int
    name: str
    role: str
    units: tuple[str, ...]
    csrf: str


def add_user(store: Store, name: str, password: str, role: str, units: list[str] | None = None) -> UserRow:
    """Create an account; an operator must name at least one unit (主办单位)."""
    units = [u.strip() for u in (units or []) if u.strip()]
    if not _NAME.match(name):
        raise AccountError(f"用户名无效：{name!r}（2–100个字母、数字、._@-）/ bad user name {name!r}")
    if role not in ROLES:
        raise AccountError(f"角色无效：{role!r}，应为 {' | '.join(ROLES)} / bad role {role!r}")
    if role == "operator" and not units:
        raise AccountError("运维人员须指定所属主办单位 --unit / an operator needs at least one --unit (主办单位)")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"密码至少{MIN_PASSWORD_LENGTH}个字符 / the password needs at least "
                           f"{MIN_PASSWORD_LENGTH} characters")
    with store.session() as session, session.begin():
        if session.scalars(select(UserRow.id).where(UserRow.name == name)).first() is not None:
            raise AccountError(f"用户{name}已存在 / user {name} already exists")
        row = UserRow(name=name, role=role, units=units, password_hash=_hasher.hash(password),
                      failed_logins=0, locked_until=None, created=utcnow())
        session.add(row)
        session.flush()
        return row


def list_users(store: Store) -> list[UserRow]:
    with store.session() as session:
        return list(session.scalars(select(UserRow).order_by(UserRow.name)))


def has_users(store: Store) -> bool:
    with store.session() as session:
        return session.scalars(select(UserRow.id)).first() is not None


def authenticate(store: Store, name: str, password: str, now: datetime | None = None) -> UserRow:
    """The account if ``password`` is right and the account not locked; else :class:`LoginError`."""
    now = now or utcnow()
    refusal: str | None = None
    with store.session() as session, session.begin():  # the failure count is committed before refusing
        row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
        if row is None:
            _hasher.hash(password)  # the same work as a real check: timing does not tell names apart
            raise LoginError("用户名或密码错误 / wrong user name or password")
        if row.locked_until is not None and row.locked_until > now:
            raise LoginError(f"密码错误次数过多，账号已锁定至 {row.locked_until:%H:%M} UTC / too many wrong "
                             f"passwords: the account is locked until {row.locked_until:%H:%M} UTC")
        try:
            _hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            row.failed_logins += 1
            refusal = "用户名或密码错误 / wrong user name or password"
            if row.failed_logins >= MAX_FAILED_LOGINS:
                row.locked_until = now + timedelta(minutes=LOCKOUT_MINUTES)
                row.failed_logins = 0
                refusal = (f"密码连续错误{MAX_FAILED_LOGINS}次，账号锁定{LOCKOUT_MINUTES}分钟 / "
                           f"{MAX_FAILED_LOGINS} wrong passwords: the account is locked for {LOCKOUT_MINUTES} minutes")
        else:
            row.failed_logins, row.locked_until = 0, None
            if _hasher.check_needs_rehash(row.password_hash):
                row.password_hash = _hasher.hash(password)
    if refusal is not None:
        raise LoginError(refusal)
    return row


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def open_session(store: Store, user_id: int, now: datetime | None = None) -> str:
    """A new session for the user; returns the cookie's token (kept only as its hash)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    with store.session() as session, session.begin():
        session.execute(delete(WebSessionRow).where(WebSessionRow.expires <= now))  # tidy expired ones
        session.add(WebSessionRow(token_hash=_digest(token), user_id=user_id, csrf=secrets.token_urlsafe(32),
                                  created=now, expires=now + timedelta(hours=SESSION_HOURS)))
    return token


def session_principal(store: Store, token: str | None, now: datetime | None = None) -> Principal | None:
    """Who the cookie's token signs in, or None (no token, unknown, or expired)."""
    if not token or len(token) > 200:
        return None
    now = now or utcnow()
    with store.session() as session:
        row = session.get(WebSessionRow, _digest(token))
        if row is None or row.expires <= now:
            return None
        user = session.get(UserRow, row.user_id)
        if user is None:
            return None
        return Principal(user.id, user.name, user.role, tuple(user.units or ()), row.csrf)


def close_session(store: Store, token: str | None) -> None:
    if token:
        with store.session() as session, session.begin():
            session.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == _digest(token)))
