"""Case proposals: submit (members and users of member organisations), follow (the proposer),
the queue and the decision (the secretariat). A proposal's existence is not public: anyone but
its proposer, the secretariat, admins and archivists gets 404 (authz.proposals)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from app.authz import proposals as rules
from app.extensions import db
from app.models import Council
from app.models.proposal import CaseProposal, ProposalStatus
from app.proposals.forms import AcceptForm, DecisionForm, DeclineForm, ProposalForm, QueueFilterForm
from app.services.casework import documents, proposals
from app.services.planning import proposal_placing
from app.web import run_as_current_user, secretariat_required, send_stored_document, show_refusal

bp = Blueprint("proposals", __name__, url_prefix="/saksforslag")

NOT_ALLOWED = _l("Bare medlemmer av et utvalg og brukere som er registrert på en medlemsvirksomhet kan "
               "fremme saker. Ta kontakt med sekretariatet hvis du mener du skal ha tilgang.")


@bp.app_template_global()
def waiting_proposals() -> int:
    """For the «Saksforslag (N nye)» link of the secretariat (templates/cases/index.html)."""
    return proposals.waiting_count()


def _visible_or_404(proposal_id: int) -> CaseProposal:
    proposal = db.session.get(CaseProposal, proposal_id)
    if proposal is None or not rules.can_view_proposal(current_user, proposal):
        abort(404)
    return proposal


def _refused_page():
    return render_template("error.html", title=_("Du kan ikke fremme saker"), text=str(NOT_ALLOWED),
                           code=403), 403


@bp.route("/ny", methods=["GET", "POST"])
@login_required
def new():
    if not rules.can_propose_case(current_user):
        return _refused_page()
    form = ProposalForm()
    form.set_choices(proposals.proposable_councils())
    if form.validate_on_submit():
        written: list[str] = []
        files = [(f.stream, f.filename) for f in form.files.data or [] if getattr(f, "filename", None)]
        outcome = run_as_current_user(lambda: proposals.submit(
            current_user, title=form.title.data, description=form.description.data,
            council_id=form.council.data, item_type=form.item_type.data, exempt=form.exempt.data,
            legal_basis=form.legal_basis.data, public_title=form.public_title.data, files=files,
            written=written))
        if outcome.ok:
            flash(_("Saksforslaget er sendt til sekretariatet."), "success")
            return redirect(url_for("proposals.show", proposal_id=outcome.value.id))
        proposals.discard(written)  # no file without its row
        show_refusal(form, outcome)
    return render_template("proposals/new.html", form=form,
                           max_upload=documents.human_size(documents.max_upload_bytes()),
                           allowed=documents.ALLOWED_TEXT), 400 if form.errors else 200


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    """A request over MAX_CONTENT_LENGTH is cut off before it is read: say so on the form."""
    if request.endpoint != "proposals.new" or not rules.can_propose_case(current_user):
        return render_template("error.html", title=_("Filen er for stor"),
                               text=documents.too_large_message(), code=413), 413
    form = ProposalForm(formdata=None)
    form.set_choices(proposals.proposable_councils())
    form.files.errors = [documents.too_large_message()]
    return render_template("proposals/new.html", form=form,
                           max_upload=documents.human_size(documents.max_upload_bytes()),
                           allowed=documents.ALLOWED_TEXT), 413


def _render_show(proposal: CaseProposal, decline_form=None, status: int = 200):
    accept_form = None
    if rules.can_decide_proposal(current_user) and proposal.status == ProposalStatus.SUBMITTED:
        accept_form = AcceptForm(formdata=None, version=proposal.version)
        accept_form.set_choices(proposal_placing.meetings_for(proposal))
    return render_template(
        "proposals/show.html", proposal=proposal, labels=proposals.STATUS_LABELS,
        is_proposer=rules.is_proposer(current_user, proposal),
        can_decide=rules.can_decide_proposal(current_user),
        waiting=proposal.status == ProposalStatus.SUBMITTED, human_size=documents.human_size,
        decision_form=DecisionForm(formdata=None, version=proposal.version), accept_form=accept_form,
        decline_form=decline_form or DeclineForm(formdata=None, version=proposal.version)), status


@bp.route("/<int:proposal_id>")
@login_required
def show(proposal_id: int):
    return _render_show(_visible_or_404(proposal_id))


@bp.route("/<int:proposal_id>/vedlegg/<int:document_id>")
@login_required
def download(proposal_id: int, document_id: int):
    proposal = _visible_or_404(proposal_id)
    document = proposals.proposal_document(proposal, document_id)
    if document is None:
        abort(404)
    # A proposal's existence is not public: never cached, whether it is exempt or not.
    return send_stored_document(document, exempt=True)


@bp.route("/<int:proposal_id>/trekk", methods=["POST"])
@login_required
def withdraw(proposal_id: int):
    proposal = _visible_or_404(proposal_id)
    if not rules.can_withdraw_proposal(current_user, proposal):
        abort(403)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    if request.form.get("bekreft") != "ja":
        flash(_("Kryss av for å bekrefte at saksforslaget skal trekkes tilbake. Ingenting ble endret."),
              "error")
        return redirect(url_for("proposals.show", proposal_id=proposal_id))
    outcome = run_as_current_user(lambda: proposals.withdraw(proposal, current_user, form.version.data))
    flash(_("Saksforslaget er trukket tilbake.") if outcome.ok else outcome.error,
          "success" if outcome.ok else "error")
    return redirect(url_for("proposals.show", proposal_id=proposal_id))


@bp.route("/<int:proposal_id>/godta", methods=["POST"])
@secretariat_required
def accept(proposal_id: int):
    proposal = _visible_or_404(proposal_id)
    form = AcceptForm()
    if not form.validate_on_submit():
        abort(400)
    written: list[str] = []
    outcome = run_as_current_user(lambda: proposal_placing.accept(
        proposal, current_user, form.version.data, form.meeting.data, written=written))
    if not outcome.ok:
        proposals.discard(written)
        flash(outcome.error, "error")
        return redirect(url_for("proposals.show", proposal_id=proposal_id))
    case = outcome.value
    flash(_("Saksforslaget er godtatt og registrert som sak %(number)s.", number=case.file_number)
          + (" " + _("Saken er satt på dagsordenen.") if form.meeting.data else ""), "success")
    return redirect(url_for("cases.show", year=case.file_year, seq=case.file_seq))


@bp.route("/<int:proposal_id>/avvis", methods=["POST"])
@secretariat_required
def decline(proposal_id: int):
    proposal = _visible_or_404(proposal_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        if not form.reason.errors:
            abort(400)  # the form was altered or its CSRF token had expired
        return _render_show(proposal, decline_form=form, status=400)
    outcome = run_as_current_user(lambda: proposals.decline(proposal, current_user, form.reason.data,
                                                            form.version.data))
    if not outcome.ok:
        if outcome.field == "reason":
            form.reason.errors = [outcome.error]
            return _render_show(db.session.get(CaseProposal, proposal_id), decline_form=form, status=400)
        flash(outcome.error, "error")
    else:
        flash(_("Saksforslaget er avvist. Forslagsstilleren ser begrunnelsen."), "success")
    return redirect(url_for("proposals.show", proposal_id=proposal_id))


@bp.route("/")
@secretariat_required
def queue():
    councils = db.session.scalars(db.select(Council).order_by(Council.code)).all()
    form = QueueFilterForm(request.args)
    form.utvalg.choices = [("", _("Alle utvalg"))] + [(c.code, f"{c.code} – {c.name}") for c in councils]
    council = next((c for c in councils if c.code == form.utvalg.data), None)
    rows = proposals.queue(council)
    waiting = [p for p in rows if p.status == ProposalStatus.SUBMITTED]
    decided = [p for p in rows if p.status != ProposalStatus.SUBMITTED]
    return render_template("proposals/queue.html", form=form, council=council, waiting=waiting,
                           decided=decided, labels=proposals.STATUS_LABELS)
