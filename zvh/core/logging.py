"""Keep personal data out of the logs, while an operator can still see why something failed.

Search terms and filters travel in query strings (a name typed in a search box), so query
strings are cut from every log line; request objects are dropped from records so that no
handler can dump headers, cookies or POST data. An exception's message can quote user input,
so it is dropped too, but its type and every code location stay, for each exception in the
chain ("raise ... from ..." and errors while handling another), with a summary line naming
the type and the innermost place: enough to find the failing line without the data.
"""

import logging
import re
import traceback

QUERY_STRING = re.compile(r"\?[^\s\"']*")
OMITTED = "[bericht weggelaten]"


def _describe_chain(exc: BaseException) -> str:
    """The traceback of ``exc`` and its causes, oldest first, with every message left out."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        block = "Traceback (most recent call last):\n" + "".join(traceback.format_tb(current.__traceback__))
        block += f"{kind.__module__}.{kind.__qualname__}: {OMITTED}\n"
        parts.append(block)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "\nDe bovenstaande fout leidde tot de volgende:\n\n".join(reversed(parts))


def _innermost_place(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "onbekende plaats"
    frame = frames[-1]
    return f"{frame.filename}:{frame.lineno} in {frame.name}"


class ScrubPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            kind = type(exc)
            summary = f"{kind.__module__}.{kind.__qualname__} bij {_innermost_place(exc)}"
            record.exc_text = f"{summary}\n{_describe_chain(exc).rstrip()}"
            record.exc_info = None
        message = record.getMessage()
        scrubbed = QUERY_STRING.sub("?[weggelaten]", message)
        if scrubbed != message:
            record.msg = scrubbed
            record.args = None
        return True
