"""/users (admins): list, add, change role or disable."""

from __future__ import annotations

from fastapi import APIRouter

from mailbrake.people import User as Person
from mailbrake.people import hash_password, parse_role
from mailbrake.web.api.deps import ApiUser, WebDep
from mailbrake.web.api.schemas import UserChange, UserIn, UserOut
from mailbrake.web.auth import allowed

router = APIRouter(tags=["users"])


def user_out(u: Person) -> UserOut:
    return UserOut(email=u.email, name=u.name, role=u.role.value, manager=u.manager,
                   disabled=u.disabled, created_at=u.created_at.isoformat())  # fmt: skip


@router.get("/users", summary="Every user")
def list_users(user: ApiUser, web: WebDep) -> list[UserOut]:
    allowed(user, "users.manage")
    return [user_out(u) for u in web.store.list_users()]


@router.post("/users", status_code=201, summary="Add a user")
def add_user(body: UserIn, user: ApiUser, web: WebDep) -> UserOut:
    allowed(user, "users.manage")
    hashed = hash_password(body.password) if body.password else None
    added = web.store.add_user(body.email, name=body.name, role=parse_role(body.role, "role"),
                               actor=user.email, manager=body.manager,
                               password_hash=hashed)  # fmt: skip
    return user_out(added)


@router.patch("/users/{email}", summary="Change a user's role or disable/enable them")
def change_user(email: str, body: UserChange, user: ApiUser, web: WebDep) -> UserOut:
    allowed(user, "users.manage")
    changed = web.store.get_user(email)
    if body.role is not None:
        changed = web.store.set_role(email, parse_role(body.role, "role"), actor=user.email)
    if body.disabled is not None:
        changed = web.store.set_disabled(email, body.disabled, actor=user.email)
    return user_out(changed)
