"""Who may open which page: one access policy per endpoint, beside the rules in app/authz."""

# --- who may open which page: one access policy per endpoint ------------------------------------
#
# Every endpoint with the rule its view enforces. The access matrix (tests/test_access_matrix.py)
# derives each identity's expected status from it and fails on an undeclared route.
# docs/permissions.md writes it out with the rules on exempt material.

class Access:
    """The access policies of the routes.

    PUBLIC: everyone, logged in or not (what they see of exempt material: app/disclosure.py).
    LOGIN: anyone logged in; anonymous visitors are sent to the login page.
    EDIT: the secretariat and admins (``can_edit``); anonymous visitors log in, others get 403.
    ADMIN: admins (``can_administer``); anonymous visitors log in, others get 403.
    OBJECT: decided per object by the function named in ``OBJECT_RULES`` (a document, a paper,
    minutes, a follow-up action): those refused get 403 (404 for a draft they may not know of);
    where the page also needs a login, anonymous visitors log in.
    """

    PUBLIC = "public"
    LOGIN = "login"
    EDIT = "edit"
    ADMIN = "admin"
    OBJECT = "object"


ROUTE_ACCESS: dict[str, str] = {
    # reading pages and files for everyone
    "main.index": Access.PUBLIC,
    "main.council": Access.PUBLIC,
    "main.meeting": Access.PUBLIC,  # a planned meeting's agenda: can_view_agenda
    "main.minutes": Access.OBJECT,
    # the public pages (issue 11): decisions by year; the case page for visitors
    # (authz.public.can_open_case_page); the meeting calendar for members and archivists,
    # read-only (authz.public.can_view_calendar)
    "main.decisions": Access.PUBLIC,  # each decision: can_view_minutes, then disclosure
    "static": Access.PUBLIC,
    "design_system": Access.PUBLIC,
    "auth.login": Access.PUBLIC,
    "auth.logout": Access.LOGIN,
    "auth.logout_everywhere": Access.LOGIN,
    "auth.change_password": Access.LOGIN,
    # one-time links from the invitation and reset e-mails: the secret in the link is the key
    "auth.accept_invitation": Access.PUBLIC,
    "auth.reset_password": Access.PUBLIC,
    "auth.forgot_password": Access.PUBLIC,
    # the case register
    "cases.index": Access.LOGIN,
    "cases.show": Access.OBJECT,  # an exempt case: can_view_case, else its public title only
    "cases.download": Access.OBJECT,
    "cases.create": Access.EDIT,
    "cases.edit": Access.EDIT,
    "cases.link": Access.EDIT,
    "cases.unlink": Access.EDIT,
    "cases.upload": Access.EDIT,
    "cases.document_access": Access.EDIT,
    "cases.delete_document": Access.EDIT,
    # meetings and the agenda builder
    "meetings.calendar": Access.OBJECT,
    "meetings.new": Access.EDIT,
    "meetings.builder": Access.EDIT,
    "meetings.place_queued": Access.EDIT,
    "meetings.notify_updated": Access.EDIT,
    "meetings.add_case": Access.EDIT,
    "meetings.add_existing_case": Access.EDIT,
    "meetings.add_break": Access.EDIT,
    "meetings.move": Access.EDIT,
    "meetings.reorder": Access.EDIT,
    "meetings.issue": Access.EDIT,
    "meetings.edit_meeting": Access.EDIT,
    "meetings.cancel": Access.EDIT,
    "meetings.edit_item": Access.EDIT,
    "meetings.postpone": Access.EDIT,
    "meetings.reinstate": Access.EDIT,
    "meetings.move_to": Access.EDIT,
    "meetings.confirm_item_action": Access.EDIT,
    "meetings.proposal": Access.EDIT,
    "meetings.proposal_revisions": Access.EDIT,
    # the meeting day (can_record)
    "meeting_day.attendance_page": Access.EDIT,
    "meeting_day.prefill_attendance": Access.EDIT,
    "meeting_day.add_substitute": Access.EDIT,
    "meeting_day.add_guest": Access.EDIT,
    "meeting_day.remove_attendee": Access.EDIT,
    "meeting_day.report_absence": Access.EDIT,
    "meeting_day.recording_page": Access.EDIT,
    "meeting_day.record": Access.EDIT,
    "meeting_day.add_late_item": Access.EDIT,
    "meeting_day.mark_held": Access.EDIT,
    # minutes
    "minutes.show": Access.OBJECT,
    "minutes.versions": Access.OBJECT,
    "minutes.version": Access.OBJECT,
    "minutes.comment": Access.OBJECT,
    "minutes.send": Access.EDIT,
    "minutes.resolve": Access.EDIT,
    "minutes.save_item": Access.EDIT,
    "minutes.approve": Access.EDIT,
    "minutes.publish": Access.EDIT,
    "minutes.correct": Access.EDIT,
    # generated papers
    "papers.generate": Access.OBJECT,
    "papers.download": Access.OBJECT,
    # follow-up
    "followup.overview": Access.LOGIN,  # each action: can_view_action
    "followup.export_csv": Access.LOGIN,
    "followup.show": Access.OBJECT,
    "followup.new": Access.EDIT,
    # members' input (innspill) on agenda items (issue 11): the member's page is for a current
    # member of the item's council (authz.inputs.can_open_input_page); the rest is the secretariat's
    "inputs.edit": Access.OBJECT,
    "inputs.delete": Access.OBJECT,
    "inputs.meeting_inputs": Access.EDIT,
    "inputs.save_summary": Access.EDIT,
    # the register of councils, organisations and people
    "registry.councils": Access.EDIT,
    "registry.council_new": Access.EDIT,
    "registry.council": Access.EDIT,
    "registry.council_edit": Access.EDIT,
    "registry.membership_new": Access.EDIT,
    "registry.membership_end": Access.EDIT,
    "registry.organisations": Access.EDIT,
    "registry.organisation_new": Access.EDIT,
    "registry.organisation_edit": Access.EDIT,
    "registry.people": Access.EDIT,
    "registry.person_new": Access.EDIT,
    "registry.person_edit": Access.EDIT,
    "registry.invite_person": Access.EDIT,
    "registry.resend_invitation": Access.EDIT,
    "registry.revoke_invitation": Access.EDIT,
    # administration
    "admin.outbox": Access.ADMIN,
    "admin.retry": Access.ADMIN,
    "admin.paper_templates": Access.ADMIN,
    "admin.council_paper_templates": Access.ADMIN,
    "admin.upload_paper_template": Access.ADMIN,
    "admin.activate_paper_template": Access.ADMIN,
    "admin.built_in_paper_template": Access.ADMIN,
    "admin.download_built_in_template": Access.ADMIN,
    "admin.download_paper_template": Access.ADMIN,
    # user accounts (Brukere): can_manage_users
    "admin.users": Access.ADMIN,
    "admin.user_new": Access.ADMIN,
    "admin.user": Access.ADMIN,
    "admin.user_deactivate": Access.ADMIN,
    "admin.user_reactivate": Access.ADMIN,
    "admin.user_invite": Access.ADMIN,
    "admin.user_revoke_invitation": Access.ADMIN,
    # members' own forfall and habilitet (app/absence): the council's current members
    # (authz.absence); the secretariat records habilitet said on the day
    "absence.report": Access.OBJECT,
    "absence.withdraw": Access.OBJECT,
    "absence.declare_conflict": Access.OBJECT,
    "absence.record_conflict": Access.EDIT,
    # calendar feeds (issue 11): the council's feed is public (no case titles, no place of a
    # planned meeting); the personal feed's secret link is its key; the link's page needs a login
    "feeds.council": Access.PUBLIC,
    "feeds.personal": Access.PUBLIC,
    "feeds.settings": Access.LOGIN,
    # change history (issue 11): authz.history.can_view_history (secretariat, admin, archivist)
    "history.case": Access.OBJECT,
    "history.meeting": Access.OBJECT,
    "history.item": Access.OBJECT,
    "history.minutes": Access.OBJECT,
    # case proposals (saksforslag, issue 11): authz/proposals.py; a proposal's existence is not
    # public (404 for all but its proposer, the secretariat, admins and archivists)
    "proposals.new": Access.OBJECT,
    "proposals.show": Access.OBJECT,
    "proposals.download": Access.OBJECT,
    "proposals.withdraw": Access.OBJECT,
    "proposals.queue": Access.EDIT,
    "proposals.accept": Access.EDIT,
    "proposals.decline": Access.EDIT,
    # the member's home page (issue 11): what each reader sees there follows the rules above
    "members.home": Access.LOGIN,
    # the secretariat's daily paths (issue 12): the site's icon, for every browser
    "main.favicon": Access.PUBLIC,
    # the archivist's page (issue 13): authz.archive.can_export_archive (archivists and admins;
    # not the secretariat: a package holds every council's exempt material)
    "archive.index": Access.OBJECT,
    "archive.start": Access.OBJECT,
    "archive.download": Access.OBJECT,
}

# The function deciding each OBJECT route (by the object in its URL). Anonymous visitors of the
# minutes pages, of a follow-up action, of the input pages, of a case page they may not open and
# of the meeting calendar are sent to the login page instead of a 403.
OBJECT_RULES: dict[str, str] = {
    "main.minutes": "can_view_minutes",
    "minutes.show": "can_view_minutes",
    "minutes.versions": "can_view_minutes",
    "minutes.version": "can_view_minutes, then disclosure.visible_minutes_versions",
    "minutes.comment": "can_comment_minutes",
    "cases.show": "public.can_open_case_page",
    "cases.download": "public.can_open_case_page, then disclosure.document_visible (is_case_reader)",
    "meetings.calendar": "public.can_view_calendar",
    "papers.generate": "can_generate_paper",
    "papers.download": "can_read_paper",
    "followup.show": "can_view_action (GET); can_edit or can_update_action (POST)",
    "absence.report": "absence.can_report_absence",
    "absence.withdraw": "absence.can_report_absence",
    "absence.declare_conflict": "absence.can_declare_conflict",
    "history.case": "history.can_view_history",
    "history.meeting": "history.can_view_history",
    "history.item": "history.can_view_history",
    "history.minutes": "history.can_view_history",
    "proposals.new": "proposals.can_propose_case",
    "proposals.show": "proposals.can_view_proposal",
    "proposals.download": "proposals.can_view_proposal",
    "proposals.withdraw": "proposals.can_withdraw_proposal",
    "inputs.edit": "inputs.can_open_input_page",
    "inputs.delete": "inputs.can_open_input_page",
    "archive.index": "archive.can_export_archive",
    "archive.start": "archive.can_export_archive",
    "archive.download": "archive.can_export_archive",
}


def route_access(endpoint: str) -> str | None:
    """The declared policy of an endpoint, or None for a route nobody declared."""
    return ROUTE_ACCESS.get(endpoint)
