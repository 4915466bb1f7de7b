"""Keep personal data out of the logs.

Search terms and filters travel in query strings (a name typed in a search box), so query
strings are cut from every log line; request objects are dropped from records so that no
handler can dump headers, cookies or POST data.
"""

import logging
import re

QUERY_STRING = re.compile(r"\?[^\s\"']*")


class ScrubPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        message = record.getMessage()
        scrubbed = QUERY_STRING.sub("?[weggelaten]", message)
        if scrubbed != message:
            record.msg = scrubbed
            record.args = None
        return True
