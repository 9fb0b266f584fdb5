"""Events a lower service package announces and a higher one acts on, so the lower one need not
import the higher (see the layers in .importlinter). Who receives what is set in
app/services/receivers.py; every receiver runs inside the sender's transaction."""
from blinker import Namespace

_events = Namespace()

# A case became exempt (sender: the Case). Its follow-up actions carried over by name are hidden.
case_made_exempt = _events.signal("case-made-exempt")


# The notice of a meeting went out (sender: the Meeting): attendance is filled in from the
# council's members, and they are e-mailed.
notice_issued = _events.signal("notice-issued")
