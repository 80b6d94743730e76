"""Imported first by the scripts that load Rasa: Rasa 3.6's web framework (Sanic)
turns every DeprecationWarning back on when it is imported, whatever
PYTHONWARNINGS says, so the libraries' ~30 notices about their own internals
would print at every start. RASA_LOG_LEVEL=DEBUG keeps them."""
import os
import warnings

import sanic  # noqa: F401 - its import adds the filter that this one overrides

if os.environ.get("RASA_LOG_LEVEL", "").upper() != "DEBUG":
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    # Its notices are also UserWarnings, which Rasa shows "once" later: say them now, silently.
    import packaging.requirements  # noqa: F401
