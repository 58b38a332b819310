"""Staff pages: the consultations one works on, paper answers, moderation, theme coding
(with keyboard shortcuts), the summary with quote choice, and exports.

Every page works with plain form posts; coding.js only maps keys to the page's buttons."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from torget.accounts.permissions import can_use_back_office
from torget.consultations import permissions, progress, selectors, services
from torget.consultations.forms import AnswerForm, ModerationForm
from torget.consultations.models import (
    STAFF_CHANNELS,
    Answer,
    CodingStatus,
    Consultation,
    Moderation,
    ModerationLogEntry,
    QuestionKind,
    Status,
)
from torget.core import exports
from torget.core.errors import DomainError, PermissionDenied
from torget.core.exports import Table
from torget.places.models import Hub

# After an answer is coded, suggestions are refreshed for this many answers ahead.
REFRESH_AHEAD = 20


def _refused(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    return render(request, "consultations/staff_refused.html", {"message": message}, status=status)


def staff_page(view):
    """Signed in, and working on the consultation in the address."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args, **kwargs) -> HttpResponse:
        consultation = selectors.consultation_by_slug(slug)
        if consultation is None:
            return _refused(request, _("Not found."), 404)
        if not permissions.can_work_on(request.user, consultation):
            return _refused(request, _("You do not work on this consultation."))
        return view(request, consultation, *args, **kwargs)

    return wrapper


def _error_text(error: DomainError) -> str:
    details = "; ".join(e["message"] for e in error.errors if e.get("message"))
    return f"{error.message} {details}".strip()


@login_required
def staff_index(request: HttpRequest) -> HttpResponse:
    if not can_use_back_office(request.user):
        return _refused(request, _("You do not have permission to do this."))
    if request.method == "POST":
        hub = request.POST.get("hub", "")  # a hub's slug; empty: the whole municipality
        try:
            consultation = services.consultation_from_template(
                actor=request.user, hubs=[hub] if hub else []
            )
        except PermissionDenied as error:
            return _refused(request, str(error.message))
        except DomainError as error:
            messages.error(request, _error_text(error))
            return redirect("consultations:staff-index")
        messages.success(request, _("A draft with the autumn-2024 questionnaire was made."))
        return redirect("admin:consultations_consultation_change", consultation.pk)
    whole_municipality, hubs = selectors.hubs_for_new_consultation(request.user)
    consultations = selectors.consultations_for_staff(request.user)
    done = progress.progress_of(consultations)
    return render(
        request,
        "consultations/staff_index.html",
        {
            "consultations": consultations,
            "rows": [
                {
                    "consultation": c,
                    "status": progress.status_text(c, done.get(c.pk, progress.NOTHING)),
                }
                for c in consultations
            ],
            "new_for_whole_municipality": whole_municipality,
            "new_for_hubs": hubs,
        },
    )


@staff_page
@require_GET
def staff_detail(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    done = progress.progress(consultation)
    return render(
        request,
        "consultations/staff_detail.html",
        {
            "consultation": consultation,
            "summary": selectors.summary(consultation),
            "status": progress.status_text(consultation, done),
            "pending_moderation": done.unmoderated,
            "uncoded": done.uncoded,
            "opening_problems": services.opening_problems(consultation)
            if consultation.status == Status.DRAFT
            else [],
            "may_export_identity": permissions.can_see_identities(request.user, consultation),
            "poster_hubs": [consultation.standing_hub]
            if consultation.standing_hub
            else list(consultation.hubs.all()),
        },
    )


@staff_page
def staff_paper(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    """Paper answers and notes from dialogue meetings, typed in by staff."""
    form = AnswerForm(request.POST or None, consultation=consultation, staff_entry=True)
    if request.method == "POST" and form.is_valid():
        hub = Hub.objects.filter(pk=form.cleaned_data.get("hub") or 0).first()
        try:
            services.response_submit(
                consultation,
                form.values(),
                channel=form.cleaned_data["channel"],
                hub=hub,
                entered_by=request.user,
            )
        except DomainError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The answer was saved. Enter the next one."))
            return redirect("consultations:staff-paper", slug=consultation.slug)
    return render(
        request,
        "consultations/staff_paper.html",
        {
            "consultation": consultation,
            "form": form,
            "base_template": "base.html",
            "staff_entry": True,
            "channels": STAFF_CHANNELS,
        },
        status=422 if form.errors else 200,
    )


# --- coding ------------------------------------------------------------------------------


@staff_page
def staff_coding(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    codes = services.active_codes(consultation)
    if request.method == "POST":
        answer = selectors.answer_with_codings(_int(request.POST.get("answer")), consultation)
        if answer is None:
            return _refused(request, _("Not found."), 404)
        action = request.POST.get("action", "")
        try:
            if action in ("confirm", "reject"):
                code = next((c for c in codes if c.pk == _int(request.POST.get("code"))), None)
                if code is None:
                    return _refused(request, _("Not found."), 404)
                services.coding_set(answer, code, user=request.user, confirmed=action == "confirm")
                return redirect(_coding_url(consultation, answer.pk))
            if action in ("done", "done-reject"):
                services.answer_finish_coding(
                    answer, user=request.user, confirm_suggestions=action == "done"
                )
                # What staff decide teaches the similarity suggestions for the next answers
                # in the queue (all of them takes about a second per 100 answers).
                upcoming = list(
                    selectors.coding_queue(consultation).values_list("pk", flat=True)[
                        :REFRESH_AHEAD
                    ]
                )
                services.suggestions_refresh(consultation, answer_ids=upcoming)
                return redirect(_coding_url(consultation, None))
            if action == "reopen":
                services.answer_reopen_coding(answer, user=request.user)
                return redirect(_coding_url(consultation, answer.pk))
        except DomainError as error:
            messages.error(request, _error_text(error))
            return redirect(_coding_url(consultation, answer.pk))
        return _refused(request, _("Unknown action."), 400)
    queue = selectors.coding_queue(consultation)
    wanted = _int(request.GET.get("svar"))
    answer = (
        selectors.answer_with_codings(wanted, consultation)
        if wanted
        else (queue.first() and selectors.answer_with_codings(queue.first().pk, consultation))  # type: ignore[union-attr]
    )
    rows = []
    if answer is not None:
        by_code = {c.code_id: c for c in answer.codings.all()}
        for n, code in enumerate(codes, start=1):
            rows.append({"n": n, "code": code, "coding": by_code.get(code.pk)})
    return render(
        request,
        "consultations/staff_coding.html",
        {
            "consultation": consultation,
            "answer": answer,
            "rows": rows,
            "remaining": queue.count(),
            "statuses": CodingStatus,
        },
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _coding_url(consultation: Consultation, answer_id: int | None) -> str:
    url = reverse("consultations:staff-coding", kwargs={"slug": consultation.slug})
    return f"{url}?svar={answer_id}#answer" if answer_id else f"{url}#answer"


# --- moderation --------------------------------------------------------------------------


@staff_page
def staff_moderation(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    show = request.POST.get("show") or request.GET.get("vis", "pending")
    if show not in (*Moderation.values, "all"):
        show = "pending"
    if request.method == "POST":
        answer = Answer.objects.filter(
            pk=_int(request.POST.get("answer")), response__consultation=consultation
        ).first()
        if answer is None:
            return _refused(request, _("Not found."), 404)
        form = ModerationForm(request.POST)
        if not form.is_valid():
            # Nothing is changed; the page comes back with the typed wording and the error
            # at the answer it belongs to.
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                for error in errors:
                    messages.error(
                        request,
                        _("Answer %(id)s: %(error)s")
                        % {"id": answer.pk, "error": f"{label}: {error}" if label else error},
                    )
            return _moderation_page(request, consultation, show, failed=form, status=422)
        try:
            services.answer_moderate(
                answer,
                action=form.cleaned_data["action"],
                user=request.user,
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            messages.error(request, _error_text(error))
        url = reverse("consultations:staff-moderation", kwargs={"slug": consultation.slug})
        return redirect(f"{url}?vis={show}")
    return _moderation_page(request, consultation, show)


def _moderation_page(
    request: HttpRequest,
    consultation: Consultation,
    show: str,
    *,
    failed: ModerationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    answers = (
        Answer.objects.filter(response__consultation=consultation, question__kind=QuestionKind.TEXT)
        .exclude(text="")
        .select_related("question")
        .order_by("response__submitted", "pk")
    )
    if show in Moderation.values:
        answers = answers.filter(moderation=show)
    failed_id = _int(failed.data.get("answer")) if failed is not None else 0
    items = []
    for a in answers[:50]:
        proposal, hidden = services.redaction_proposal(a.text)
        item = {"answer": a, "proposal": a.moderated_text or proposal, "hidden": hidden}
        if failed is not None and a.pk == failed_id:
            item.update(
                proposal=failed.data.get("text", ""),
                reason=failed.data.get("reason", ""),
                text_errors=failed.errors.get("text", []),
                reason_errors=failed.errors.get("reason", []),
            )
        items.append(item)
    log = ModerationLogEntry.objects.filter(
        answer__response__consultation=consultation
    ).select_related("by")[:20]
    return render(
        request,
        "consultations/staff_moderation.html",
        {
            "consultation": consultation,
            "items": items,
            "show": show,
            "filters": Moderation.choices,
            "log": log,
            "total": answers.count(),
        },
        status=status,
    )


# --- posters ------------------------------------------------------------------------------


@staff_page
@require_GET
def staff_poster(request: HttpRequest, consultation: Consultation, hub: str) -> HttpResponse:
    """A printable A4 poster for one hub with a QR code to the form (the 2024 round was
    announced on posters at the hubs)."""
    import segno

    the_hub = Hub.objects.filter(slug=hub).first()
    if the_hub is None:
        return _refused(request, _("Not found."), 404)
    if consultation.standing_hub_id:
        path = reverse("consultations:hub-input", kwargs={"hub": the_hub.slug})
    else:
        path = reverse("consultations:answer", kwargs={"slug": consultation.slug})
    url = request.build_absolute_uri(path)
    qr = segno.make(url, error="m")
    return render(
        request,
        "consultations/poster.html",
        {
            "consultation": consultation,
            "hub": the_hub,
            "url": url,
            "qr_svg": qr.svg_inline(scale=8, dark="#000", light="#fff", omitsize=True),
        },
    )


# --- summary and export ------------------------------------------------------------------


@staff_page
@require_GET
def staff_summary(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    return render(
        request,
        "consultations/staff_summary.html",
        {"consultation": consultation, "summary": selectors.summary(consultation), "public": False},
    )


@staff_page
@require_POST
def staff_quote(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    answer = Answer.objects.filter(
        pk=_int(request.POST.get("answer")), response__consultation=consultation
    ).first()
    if answer is None:
        return _refused(request, _("Not found."), 404)
    try:
        services.answer_set_quote(answer, user=request.user, quote=request.POST.get("quote") == "1")
    except DomainError as error:
        messages.error(request, _error_text(error))
    return redirect("consultations:staff-summary", slug=consultation.slug)


def _export(request: HttpRequest, consultation: Consultation) -> tuple[list[str], list[list]]:
    return selectors.export_rows(
        consultation,
        actor=request.user,
        with_identity=request.GET.get("personopplysninger") == "1",
    )


def _answers_table(request: HttpRequest, consultation: Consultation) -> Table:
    header, rows = _export(request, consultation)
    return Table(_("Answers"), header, rows)


@staff_page
@require_GET
def export_csv(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    # core/exports keeps free text from the public from becoming a spreadsheet formula.
    table = _answers_table(request, consultation)
    return exports.csv_response([table], f"{consultation.slug}.csv", titles=False)


@staff_page
@require_GET
def export_xlsx(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    summary = selectors.summary(consultation)
    themes = Table(
        _("Themes"),
        [_("Theme"), _("Respondents"), _("Share")],
        [[theme.code.label, theme.respondents, round(theme.share, 3)] for theme in summary.themes],
    )
    tables = [_answers_table(request, consultation), themes]
    return exports.xlsx_response(tables, f"{consultation.slug}.xlsx")
