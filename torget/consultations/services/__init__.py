"""The rules and writes of citizen input: making, opening, answering, moderating and coding.

Every write that a person asks for takes that person (`actor`, `user` or `entered_by`) and
checks it here, with the predicates of `consultations.permissions`; pages and the API only
translate the errors. `actor=None` is the system itself (the demo loader, fixtures).

One module per family of actions:

- `identities`: names and contacts, the day they are deleted, and the purge
- `create`: make a consultation (API, template, a hub's standing one), the default codebook
- `status`: open, close, publish; what opening needs; whether it takes answers today
- `answers`: submit, and change by the private link
- `moderation`: the proposed redaction, approve / hide / reset, quotes
- `themes`: theme suggestions, staff decisions on them, merging themes

Callers import from `torget.consultations.services`; the names below are its public API.
"""

from torget.consultations.services.answers import (
    NAME_LIMIT,
    TEXT_LIMIT,
    response_by_token,
    response_change,
    response_submit,
)
from torget.consultations.services.create import (
    CodeSpec,
    QuestionSpec,
    codebook_ensure_default,
    consultation_create,
    consultation_from_template,
    standing_consultation,
)
from torget.consultations.services.identities import (
    identities_purge,
    identity_delete_on_for,
    identity_retention_apply,
)
from torget.consultations.services.moderation import (
    REDACTED,
    answer_moderate,
    answer_set_quote,
    redaction_proposal,
)
from torget.consultations.services.status import (
    accepts_answers,
    consultation_set_status,
    opening_problems,
)
from torget.consultations.services.themes import (
    active_codes,
    answer_finish_coding,
    answer_reopen_coding,
    code_merge,
    coded_examples,
    coding_set,
    suggestions_refresh,
    themes_of,
)

__all__ = [
    "NAME_LIMIT",
    "REDACTED",
    "TEXT_LIMIT",
    "CodeSpec",
    "QuestionSpec",
    "accepts_answers",
    "active_codes",
    "answer_finish_coding",
    "answer_moderate",
    "answer_reopen_coding",
    "answer_set_quote",
    "code_merge",
    "codebook_ensure_default",
    "coded_examples",
    "coding_set",
    "consultation_create",
    "consultation_from_template",
    "consultation_set_status",
    "identities_purge",
    "identity_delete_on_for",
    "identity_retention_apply",
    "opening_problems",
    "redaction_proposal",
    "response_by_token",
    "response_change",
    "response_submit",
    "standing_consultation",
    "suggestions_refresh",
    "themes_of",
]
