"""Click's own usage-error messages (exit 2) in the reader's language.

Click builds its messages with ``gettext``/``ngettext`` bound at import time in each of its
modules. :func:`install` points those names at a lookup in the scorecard catalogue (keys
``click.*`` in ``locale/hardening.yaml``, whose ``en`` text is click's original message), so that
"Invalid value for '--format': 'pdf' is not one of …" reads "Nilai tidak valid untuk …" in Bahasa
Indonesia. A message not in the table is shown as click wrote it. Light: imports click only.
"""

from __future__ import annotations

import gettext as _gettext
import sys

# click's message id -> catalogue key
MESSAGES = {
    "Error: {message}": "click.error",
    "Try '{command} {option}' for help.": "click.try-help",
    "Invalid value for {param_hint}: {message}": "click.invalid-value-for",
    "Invalid value: {message}": "click.invalid-value",
    "Missing argument": "click.missing-argument",
    "Missing option": "click.missing-option",
    "Missing parameter": "click.missing-parameter",
    "No such option {name!r}.": "click.no-such-option",
    "No such command {name!r}.": "click.no-such-command",
    "Did you mean {possibility}?": "click.did-you-mean",
    "(Did you mean one of: {possibilities}?)": "click.did-you-mean-one-of",
    "{value!r} is not {choice}.": "click.not-choice",
    "{value!r} is not one of {choices}.": "click.not-one-of",
    "{value!r} is not a valid {number_type}.": "click.not-a-number",
    "{value} is not in the range {range}.": "click.not-in-range",
    "{name} {filename!r} does not exist.": "click.path-missing",
    "{name} {filename!r} is a file.": "click.path-is-file",
    "{name} {filename!r} is a directory.": "click.path-is-directory",
    "Got unexpected extra argument ({args})": "click.extra-argument",
    "Got unexpected extra arguments ({args})": "click.extra-arguments",
    "Option {name!r} requires an argument.": "click.option-needs-argument",
    "Option {name!r} requires {nargs} arguments.": "click.option-needs-arguments",
    "Usage:": "click.usage",
    "Options": "click.options",
    "Commands": "click.commands",
    "default: {default}": "click.default",
    "required": "click.required",
    "Positional arguments": "click.positional-arguments",
}
_MODULES = ("click.core", "click.exceptions", "click.types", "click.parser", "click.formatting")


def install(lang: str) -> None:
    """Translate click's messages into ``lang`` from now on (``en``: click's own text)."""
    from scorecard import i18n

    def tr(message: str) -> str:
        key = MESSAGES.get(message)
        if key is None or lang == "en":
            return message
        if not i18n.has(key):
            return message
        text = i18n.text_of(key, lang)
        return text if isinstance(text, str) else message

    def ntr(singular: str, plural: str, n: int) -> str:
        # click's English pair: singular for CLDR "one" in English, as gettext would
        return tr(singular if i18n.plural_category(n, "en") == "one" else plural)

    for name in _MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        if hasattr(module, "_"):
            setattr(module, "_", tr if lang != "en" else _gettext.gettext)
        if hasattr(module, "ngettext"):
            setattr(module, "ngettext", ntr if lang != "en" else _gettext.ngettext)
