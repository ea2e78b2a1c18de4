"""Storage for the xAPI 1.0.3 Learning Record Store.

Statements are stored once and never changed, apart from the `voided` flag. The full statement is kept as JSON
(JSONB on PostgreSQL); the columns and the two index tables exist only so that the query filters of the Statement
resource (agent, verb, activity, registration, related_*, since/until) run on indexes. Rows are written in bulk, one
INSERT per table per batch, which is what makes the ingest rate in bench/bench_xapi.py possible.
"""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models


class LRSClient(models.Model):
    """A credential for HTTP Basic authentication against /xapi/, issued by an administrator."""

    class Scope(models.TextChoices):
        STATEMENTS_WRITE = "statements/write", "Write statements"
        STATEMENTS_READ = "statements/read", "Read all statements"
        STATEMENTS_READ_MINE = "statements/read/mine", "Read own statements (those this client wrote)"
        STATE = "state", "Read and write activity state"
        PROFILE = "profile", "Read and write activity and agent profiles"
        DEFINE = "define", "Read activity definitions and agents"
        ALL_READ = "all/read", "Read everything"
        ALL = "all", "Read and write everything"

    name = models.CharField(max_length=200, help_text="Who uses this credential, for example the e-learning supplier.")
    key = models.CharField(max_length=64, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(default=list, help_text="What this client may do.")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = "LRS client"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @staticmethod
    def hash_secret(secret: str) -> str:
        # Secrets are 32 random bytes, so a single SHA-256 is enough (no dictionary to guess from) and keeps
        # authentication cheap on every request.
        return hashlib.sha256(secret.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return secrets.token_hex(10)

    @staticmethod
    def new_secret() -> str:
        return secrets.token_urlsafe(32)

    def authority(self) -> dict:
        return {
            "objectType": "Agent",
            "name": self.name,
            "account": {"homePage": settings.SITE_BASE_URL + "/xapi/clients", "name": self.key},
        }


class LearnerIdentity(models.Model):
    """The opaque, stable account name under which a platform user appears in xAPI statements."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="xapi_identity")
    account_name = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    def __str__(self):
        return str(self.account_name)


class Statement(models.Model):
    id = models.BigAutoField(primary_key=True)
    statement_id = models.UUIDField(unique=True)
    payload = models.JSONField()
    verb_iri = models.CharField(max_length=512, db_index=True)
    object_activity_iri = models.CharField(max_length=1024, blank=True, db_index=True)
    object_statement_id = models.UUIDField(null=True, blank=True)
    registration = models.UUIDField(null=True, blank=True, db_index=True)
    stored = models.DateTimeField(db_index=True)
    timestamp = models.DateTimeField()
    voided = models.BooleanField(default=False)
    is_voiding = models.BooleanField(default=False)
    has_attachments = models.BooleanField(default=False)
    client = models.ForeignKey(LRSClient, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The platform user the actor resolves to (account on this site, or the user's email as mbox), if any.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="xapi_statements"
    )

    class Meta:
        indexes = [
            models.Index(fields=["user", "object_activity_iri"], name="lr_stmt_user_activity"),
            models.Index(fields=["object_statement_id"], name="lr_stmt_object_stmt"),
        ]

    def __str__(self):
        return str(self.statement_id)


class StatementAgent(models.Model):
    """One agent (by IFI) a statement mentions; `direct` when it is the actor or the object."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="agent_refs")
    ifi = models.CharField(max_length=600)
    direct = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["ifi", "statement"], name="lr_agent_ifi")]


class StatementActivity(models.Model):
    """One activity a statement mentions; `direct` when it is the statement's object."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="activity_refs")
    iri = models.CharField(max_length=1024)
    direct = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["iri", "statement"], name="lr_activity_iri")]


class Activity(models.Model):
    """The LRS's canonical definition of an activity (the Activities resource), the last one it was sent."""

    iri = models.CharField(max_length=1024, unique=True)
    definition = models.JSONField(default=dict)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "activities"

    def __str__(self):
        return self.iri


class AttachmentContent(models.Model):
    """The raw bytes of an attachment sent with a statement, stored once per SHA-2 hash."""

    sha2 = models.CharField(max_length=128, primary_key=True)
    content_type = models.CharField(max_length=255)
    content = models.BinaryField()

    def __str__(self):
        return self.sha2


class Document(models.Model):
    """A document of the State, Activity Profile or Agent Profile resource."""

    class Kind(models.TextChoices):
        STATE = "state", "Activity state"
        ACTIVITY_PROFILE = "activity_profile", "Activity profile"
        AGENT_PROFILE = "agent_profile", "Agent profile"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    activity_iri = models.CharField(max_length=1024, blank=True)
    agent_ifi = models.CharField(max_length=600, blank=True)
    registration = models.CharField(max_length=36, blank=True)
    document_id = models.CharField(max_length=1024)
    content = models.BinaryField()
    content_type = models.CharField(max_length=255)
    etag = models.CharField(max_length=64)
    updated = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "activity_iri", "agent_ifi", "registration", "document_id"], name="lr_document_unique"
            )
        ]
        indexes = [models.Index(fields=["kind", "activity_iri", "agent_ifi"], name="lr_document_scope")]

    def __str__(self):
        return self.document_id


class ActivityProgress(models.Model):
    """A learner's status on an activity, derived from their statements (recomputed, never accumulated)."""

    class Status(models.TextChoices):
        REGISTERED = "registered", "Registered"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        FAILED = "failed", "Failed"
        PASSED = "passed", "Passed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    activity_iri = models.CharField(max_length=1024)
    status = models.CharField(max_length=20, choices=Status.choices)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "activity progress"
        constraints = [models.UniqueConstraint(fields=["user", "activity_iri"], name="lr_progress_unique")]

    def __str__(self):
        return f"{self.activity_iri}: {self.status}"
