"""The case proposals in the access matrix (tests/access_matrix.py): an exempt proposal with
secret words, and the rule of each proposals.* OBJECT route."""
import io
from datetime import datetime, time

import time_machine

from app.authz import proposals as rules
from app.extensions import db
from app.models import CaseProposal
from app.services.casework import proposals
from tests.exempt_scenario import CASE_BASIS, EMAILS, NUFA_MEMBER, NUIT_MEMBER, VIEW_DAY, council_by_code
from tests.test_pdf import _text_pdf

PROPOSAL_TITLE = "HEMMELIG-ORD-P: et saksforslag om en anskaffelse"


def _user(identity):
    from app.models import User
    return db.session.scalar(db.select(User).where(User.email == EMAILS[identity]))


def make_proposals() -> None:
    """An exempt proposal of the NUIT member (secret title, text and attachment) and a public one
    of the NUFA member; each is seen by its proposer, the secretariat, admins and archivists."""
    with time_machine.travel(datetime.combine(VIEW_DAY, time(12, 0)), tick=False):
        proposals.submit(_user(NUIT_MEMBER), title=PROPOSAL_TITLE, council_id=council_by_code("NUIT").id,
                         item_type="Drøfting", description="Forslaget om HEMMELIG-ORD-P2.", exempt=True,
                         legal_basis=CASE_BASIS, public_title="Sak om en anskaffelse",
                         files=[(io.BytesIO(_text_pdf("HEMMELIG-ORD-P3")), "HEMMELIG-ORD-P4 notat.pdf")])
        proposals.submit(_user(NUFA_MEMBER), title="Forslag om grunndata",
                         council_id=council_by_code("NUFA").id, item_type="Orientering",
                         files=[(io.BytesIO(_text_pdf("Offentlig forslag")), "forslag.pdf")])
    db.session.commit()


def proposal_allowed(endpoint: str, user, params: dict) -> bool:
    """authz.OBJECT_RULES for the proposals.* routes."""
    if endpoint == "proposals.new":
        return rules.can_propose_case(user)
    proposal = db.session.get(CaseProposal, params["proposal_id"])
    if proposal is None:
        return False  # 404 for everyone (the login page for the anonymous)
    if endpoint == "proposals.withdraw":
        return rules.can_withdraw_proposal(user, proposal)
    return rules.can_view_proposal(user, proposal)
