"""Login accounts. Members are not a role: their rights come from Membership via the linked Person."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models.base import StrEnum, utcnow
from app.models.council import Person


class Role(StrEnum):
    ADMIN = "admin"
    SECRETARIAT = "secretariat"
    ARCHIVIST = "archivist"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # Raised to end every session of the user on the server (logout, a new password,
    # deactivation, "logg ut overalt"): a session remembers the generation it began in.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The personal calendar feed's secret URL: only its SHA-256 is kept; renewing it replaces
    # the old one, revoking it clears both columns.
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    calendar_token_created_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    person: Mapped[Person | None] = relationship()
    role_rows: Mapped[list["UserRole"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> set[str]:
        return {r.role for r in self.role_rows}

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        """What the session cookie stores: a cookie from an earlier generation is refused."""
        return f"{self.id}:{self.session_generation or 0}"

    def set_password(self, password: str) -> None:
        """A new password ends the sessions begun with the old one."""
        if self.password_hash:
            self.end_sessions()
        self.password_hash = generate_password_hash(password)

    def end_sessions(self) -> None:
        self.session_generation = (self.session_generation or 0) + 1

    @validates("active")
    def _deactivation_ends_sessions(self, _key, active: bool) -> bool:
        """Whoever deactivates an account, its sessions end, and stay ended if it is reactivated."""
        if self.active and not active:
            self.end_sessions()
        return active

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class UserRole(db.Model):
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))


class TokenPurpose(StrEnum):
    INVITATION = "invitation"  # set a first password (72 hours)
    PASSWORD_RESET = "password_reset"


class AccountToken(db.Model):
    """A one-time link sent by e-mail. Only the SHA-256 of the secret is kept; the link is void
    once used, revoked, expired, or when a newer token of the same purpose is sent."""

    __tablename__ = "account_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
