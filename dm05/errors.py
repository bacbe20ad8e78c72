"""One exception family. The CLI turns it into a one-line message and an exit code at one boundary."""

from __future__ import annotations

from dm05.messages import Lang, default_lang, error_text

EXIT_OK = 0
EXIT_DATA = 1  # ran, but the data failed validation
EXIT_USAGE = 2  # could not run: usage, workspace or configuration error


class Dm05Error(Exception):
    """An expected failure with a message code from :mod:`dm05.messages` and its parameters."""

    exit_code = EXIT_USAGE

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message(default_lang()))

    def message(self, lang: Lang = "vi") -> str:
        return error_text(self.code, lang, self.params)


class UsageError(Dm05Error):
    """The command line asks for something that cannot be done (a bad date, two options that exclude each other);
    found by dm05 itself, not by click."""


class WorkspaceError(Dm05Error):
    """The workspace, its configuration, unit list or catalogue cannot be used."""


class InputError(Dm05Error):
    """An input path or period cannot be used."""


class OutputError(Dm05Error):
    """An output cannot be written (exists without --force, or the write failed)."""


class TemplateError(Dm05Error):
    """A report template cannot be rendered."""


class DataError(Dm05Error):
    """The data was read but has validation errors, so no report is made from it."""

    exit_code = EXIT_DATA
