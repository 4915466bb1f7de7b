"""Keep personal data out of the logs.

Search terms and filters travel in query strings (a name typed in a search box), so query
strings are cut from every log line; request objects are dropped from records so that no
handler can dump headers, cookies or POST data.
"""

import logging
import re
import traceback

QUERY_STRING = re.compile(r"\?[^\s\"']*")


class ScrubPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        if record.exc_info and record.exc_info[1] is not None:
            # An exception message can quote user input; keep the type and the traceback's
            # code locations, drop the message.
            exc_type, _, tb = record.exc_info
            record.exc_text = "Traceback (most recent call last):\n" + "".join(traceback.format_tb(tb))
            record.exc_text += f"{exc_type.__module__}.{exc_type.__qualname__}: [bericht weggelaten]"
            record.exc_info = None
        message = record.getMessage()
        scrubbed = QUERY_STRING.sub("?[weggelaten]", message)
        if scrubbed != message:
            record.msg = scrubbed
            record.args = None
        return True
