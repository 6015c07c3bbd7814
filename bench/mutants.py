"""Mutation testing's bookkeeping for ``make mutants``.

    python bench/mutants.py drop-test-databases DATABASE_URL   # test databases a killed mutant run left behind
    python bench/mutants.py template DATABASE_URL              # migrate the database each mutant's run copies
    python bench/mutants.py pending                            # the mutants no run has killed yet, as patterns
    python bench/mutants.py record                             # the last run's verdicts, into the ledger
    python bench/mutants.py score                              # the score per module, as the README's table
    python bench/mutants.py equivalents [README.md]            # the equivalent mutants and why (into the README)

No run gets through every mutant at once (hours of machine time), so the verdicts are kept in a ledger,
``bench/mutants-ledger.json``, committed with the code: for each mutated function, the hash mutmut gives its source
and one mark per mutant (k killed, t timed out, s survived, n reached by no test, . not run). A verdict holds while
the function's source is the same; a function that changes starts again from dots. ``make mutants`` runs what is
pending (not run, or survived and not listed as equivalent), records, and prints the score.

A mutant that changes nothing a user could see (an equivalent mutant) is listed in ``EQUIVALENT`` with the reason,
and is left out of its module's score; every other survivor is a missing test.
"""

import json
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from glob import glob
from pathlib import Path
from urllib.parse import urlparse

MUTANTS = Path("mutants")  # of the checkout it is run in (make mutants runs it from the top)
LEDGER = Path(__file__).with_name("mutants-ledger.json")
MARKS = {"killed": "k", "timeout": "t", "survived": "s", "no tests": "n"}
STATUS_OF_MARK = {mark: status for status, mark in MARKS.items()} | {".": "not checked"}

STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped", 36: "timeout"}
STATUS |= {-24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout", 37: "killed", None: "not checked"}

EQUIVALENTS_START, EQUIVALENTS_END = "<!-- equivalents -->\n", "<!-- /equivalents -->"
KEY_COLUMN = "values_list(flat=True) without a field name: the first column, the key, so the same ids"
BULK_SIZE = "the size of each bulk write: the same rows are written, in fewer statements"
UNSHOWN_DENIAL = (
    "the words of the PermissionDenied a caller outside the rule meets are never shown: the page says its own message"
)

# mutant name → why no test can tell it from the original
EQUIVALENT: dict[str, str] = {
    **dict.fromkeys(
        [f"committees.models.xǁTotalsǁ__sub____mutmut_{n}" for n in (4, 7, 8)],
        "zip's strict: both sides are Totals, a tuple of five, so their lengths always match",
    ),
    "committees.mixins.xǁScopedObjectMixinǁdispatch__mutmut_13": "Django's http_method_not_allowed ignores its args",
    "committees.services.x_committee_move__mutmut_14": KEY_COLUMN,
    "resolutions.services.campaign_tallies.x_rollup_rows__mutmut_27": KEY_COLUMN,
    **dict.fromkeys(
        [f"resolutions.services.campaign_tallies.x_rollup_rows__mutmut_{n}" for n in (26, 28, 33)],
        "the targets' ids compared as 1-tuples instead: both sides read alike, the same differences",
    ),
    "resolutions.services.campaign_tallies.x_rollup_rows__mutmut_30": "the targets not counting compared instead: a"
    " rebuild keeps the targets, so the complement differs exactly when the set does",
    **dict.fromkeys(
        [f"opinion.services.tallies.x__reporter_years_refresh__mutmut_{n}" for n in (17, 18, 19, 37, 38, 39)],
        "a condition dropped or an end moved later, which only widens the reports read: the loop keeps the keys' own"
        " rows (the same rows; the reading at scale is bench/'s)",
    ),
    "committees.services.x_committee_move__mutmut_39": "every receiver of committee_moved is connected for any sender",
    "committees.mixins.xǁScopedObjectMixinǁdispatch__mutmut_14": "Django's http_method_not_allowed ignores its kwargs",
    "committees.mixins.xǁScopedObjectMixinǁdispatch__mutmut_25": "every URL names its arguments: *args is always empty",
    "opinion.services.hotspots.x__transition__mutmut_28": "the row was read afresh under its lock: saving every "
    "field writes back what was just read",
    "opinion.services.hotspots.x__transition__mutmut_31": "the same as _28 (update_fields left out)",
    "opinion.services.concerns.x__nearest_officers_of_paths__mutmut_18": "the officers of every committee read "
    "instead of those of the lineage: the walk up the lineage finds the same ones (slower, which a benchmark "
    "measures, not a test)",
    "opinion.services.concerns.x__questions_create__mutmut_15": "check_owner=None is as false as False",
    **dict.fromkeys(
        [f"opinion.services.concerns.x__questions_create__mutmut_{n}" for n in (26, 45)],
        "each question checks again the owner checked once for all of them just before: the same answer",
    ),
    "opinion.services.concerns.x_concern_forward__mutmut_45": "check_owner=None is as false as False",
    "opinion.services.concerns.x_concerns_escalate_overdue__mutmut_29": "the rows were just claimed under their lock "
    "as not escalated: asking it again in the update finds the same rows",
    **dict.fromkeys(
        [f"resolutions.services.directive05.x_criteria_revise__mutmut_{n}" for n in (67, 68)],
        "the committee validated too: it was just read under its lock, so it exists",
    ),
    **dict.fromkeys(
        [f"opinion.services.collaborators.x_collaborator_change_status__mutmut_{n}" for n in (117, 120)],
        "every field saved rather than the status's two: the collaborator was just read under its lock",
    ),
    "opinion.services.concerns.x__close__mutmut_6": "the concern was read afresh under its lock (as hot spots' _28)",
    "opinion.services.concerns.x_concern_start_advising__mutmut_15": "every field saved rather than the status: the "
    "concern was read afresh under its lock, so the others write back what was just read",
    "opinion.services.briefings.x__invite__mutmut_10": "the collaborators already invited read with the staff's "
    "invitations too, whose collaborator is none: no collaborator's key is None",
    "opinion.services.briefings.x__invite__mutmut_42": "the staff already invited read for every invitation rather "
    "than for the staff given: only the staff given are looked up in it",
    **dict.fromkeys(
        [f"opinion.services.briefings.x__invite__mutmut_{n}" for n in (70, 73, 74)],
        "conflicts not ignored: both callers hold the briefing's row lock, so no invitation comes between the read "
        "of those already invited and the insert (the guard is for a caller that would not)",
    ),
    **dict.fromkeys(
        [f"opinion.services.briefings.x__save__mutmut_{n}" for n in (3, 6)],
        "every field saved rather than those changed: each caller read the briefing under its row lock",
    ),
    "opinion.services.briefings.x_briefing_record__mutmut_60": "another fallback for an excuse: an excused absence "
    "was refused above unless it gave one",
    **dict.fromkeys(
        [f"opinion.services.briefings.x_briefing_record__mutmut_{n}" for n in (78, 83)],
        "the excuse of the invitations marked present: an invitation still invited has none (one is kept only with "
        "an excused absence)",
    ),
    "opinion.services.briefings.x_briefings_delete__mutmut_5": KEY_COLUMN,
    "opinion.services.briefings.x_invitations_delete__mutmut_5": KEY_COLUMN,
    "opinion.services.collaborators.x_collaborators_delete__mutmut_5": KEY_COLUMN,
    "opinion.services.briefings.x_briefing_save__mutmut_9": "a new briefing followed under the key None as well: no "
    "invitation has it, so nothing more is counted",
    **dict.fromkeys(
        [f"opinion.services.collaborators.x_collaborator_link_account__mutmut_{n}" for n in (34, 37)],
        "every field saved rather than the account: the collaborator was just read under its lock",
    ),
    **dict.fromkeys(
        [f"resolutions.services.campaigns.x_step_report_save__mutmut_{n}" for n in (9, 10, 11, 12)],
        "the words of a ValueError no page shows: the pages offer a target only the steps it takes",
    ),
    "opinion.services.briefings.x_invitation_save__mutmut_6": "a new invitation's own id followed as well: it is "
    "None, and pk__in=[None] matches no row",
    "resolutions.services.campaigns.x_step_report_save__mutmut_40": "a report not saved yet counted as the one before "
    "instead of none: it has nothing reported (no state that counts, no member studied), so it counts as none",
    "opinion.services.collaborators.x_collaborator_create__mutmut_35": "the status left out: the model's default "
    "is active",
    "opinion.services.collaborators.x_collaborator_create__mutmut_68": "the establishment's former status left out: "
    "the field's default is empty",
    "opinion.services.briefings.x__invite__mutmut_22": "the size of the chunks the collaborators are read in: the "
    "same rows",
    "opinion.services.briefings.x_briefings_plan__mutmut_6": "the schedule's committee read with it or a moment "
    "later: one query more, which a benchmark measures, not a test",
    **dict.fromkeys(
        [f"opinion.services.trainings.x_training_invite__mutmut_{n}" for n in (21, 24)]
        + [f"opinion.services.trainings.x_training_attendance_record__mutmut_{n}" for n in (23, 26)]
        + [f"opinion.services.briefings.x__invite__mutmut_{n}" for n in (69, 72)]
        + [f"opinion.services.briefings.x_briefing_record__mutmut_{n}" for n in (66, 69, 74)],
        BULK_SIZE,
    ),
    "opinion.services.trainings.x_training_attendance_record__mutmut_14": "the words of a ValueError no page shows: "
    "the form refuses an unknown status before the service is called",
    **dict.fromkeys(
        [
            "opinion.services.concerns.x_concerns_escalate_overdue__mutmut_9",
            "opinion.services.trainings.x_training_invite__mutmut_14",
            "opinion.services.briefings.x_briefing_invitees_update__mutmut_18",
            "opinion.services.hotspots.x_hotspot_link__mutmut_13",
            "opinion.services.hotspots.x_hotspot_link__mutmut_27",
        ],
        KEY_COLUMN,
    ),
    **dict.fromkeys(
        [f"opinion.services.hotspots.x_hotspot_unlink__mutmut_{n}" for n in (9, 14)],
        "removing a record that is not linked deletes nothing from the link table",
    ),
    "opinion.services.briefings.x_planned_months__mutmut_13": "the holidays of one month more than needed are read "
    "and not used",
    "notifications.outbox.x__mark_sent__mutmut_8": "SQL keywords in lower case: the same statement",
    "notifications.outbox.x__retry_later__mutmut_16": "a batch's outcome gets its retry time and its first retry "
    "together: one is never set without the other, so 'and' and 'or' agree",
    "notifications.outbox.x_send_claimed__mutmut_21": "fail_silently=None is as false as False",
    "notifications.outbox.x_send_claimed__mutmut_23": "pending[None:] is pending[0:]",
    "notifications.outbox.x__emails__mutmut_27": "dict.fromkeys gives None when no value is passed",
    **{
        f"notifications.outbox.x_send_claimed__mutmut_{number}": "the debug line logged when closing a connection "
        "that is already broken fails: its words, or its traceback, are no behaviour"
        for number in range(83, 90)
    },
    **{
        f"notifications.outbox.x_plan__mutmut_{number}": "the size of each bulk insert of the planned rows: the same "
        "rows are written"
        for number in (11, 14, 16)
    },
    "notifications.outbox.x_claim__mutmut_6": "values_list() with no field named gives every field, the primary key "
    "first: flat=True still gives the ids",
    **dict.fromkeys(
        [f"resolutions.services.commendations.x__set_photo__mutmut_{n}" for n in (11, 31)],
        "save=None is as false as False",
    ),
    **dict.fromkeys(
        [f"opinion.services.collaborators.x_collaborator_validate__mutmut_{n}" for n in (4, 6, 9)],
        "uniqueness checked too: a collaborator's only unique field but its key is its account, left out of the check",
    ),
    **dict.fromkeys(
        [f"opinion.services.collaborators.x_collaborator_validate__mutmut_{n}" for n in (7, 8)],
        "the linked account validated too: none, or an account that exists (its link has a service of its own)",
    ),
    "opinion.services.collaborators.x__cleaned__mutmut_5": "'is not None': texts were returned stripped above, and "
    "the only other values (the committee, the birth year, the decision date) are the three names kept as they are",
    **dict.fromkeys(
        [f"resolutions.services.directive05.x_year_record__mutmut_{n}" for n in (11, 12)],
        "the look for the year already recorded made to find nothing: the unique constraint then refuses the row, "
        "answered in the same words (the look spares the failed insert)",
    ),
    "opinion.services.concerns.x_concern_create__mutmut_37": "the status left out: the model's default is received",
    "resolutions.services.directive05.x_year_update__mutmut_29": "the record itself not set aside when looking for "
    "another of the committee and year it moves to: those are not its own, so its row is never found",
    **dict.fromkeys(
        [f"resolutions.services.directive05.x_exemplary_models_set__mutmut_{n}" for n in (14, 15, 16)],
        "the year a model belongs to validated too: the service sets it to the year being saved, which exists",
    ),
    **dict.fromkeys(
        [f"resolutions.services.commendations.x__set_photo__mutmut_{n}" for n in (23, 26)],
        "every field saved rather than the photo's two: the record was just saved, or changed and saved under its "
        "lock, so the others write back what they hold",
    ),
    "opinion.services.reports.x_report_save__mutmut_3": "a new report followed under the key None as well: no row "
    "has it (Django drops None from an IN list), so nothing more is counted",
    "opinion.services.reports.x_report_delete__mutmut_5": "values_list(flat=True) without a field name: the first "
    "column, the key, so the same ids",
    **dict.fromkeys(
        ["reports.services.x_report_write__mutmut_15", "reports.services.x_report_compose__mutmut_18"],
        "every field of the version saved rather than its text: it was just read under its report's lock, so the "
        "others write back what they hold",
    ),
    **dict.fromkeys([f"reports.services.x__drafting__mutmut_{n}" for n in (8, 9, 10, 11)], UNSHOWN_DENIAL),
    "resolutions.services.documents.x_document_relate__mutmut_8": UNSHOWN_DENIAL,
    "resolutions.services.commendations.x_commendation_create__mutmut_22": "the photo's save given no author: the "
    "record was saved by its author just before, and the same instance keeps them for the history of its next save",
    **dict.fromkeys(
        [f"resolutions.services.directive05.x_criteria_revise__mutmut_{n}" for n in range(85, 90)],
        "each criterion's version and the criterion it revises validated too: the version was just saved, and the "
        "revised one is of the current version, read under the committee's lock (left out, two queries a row fewer)",
    ),
    **dict.fromkeys(
        [f"resolutions.services.publications.x_publication_create__mutmut_{n}" for n in (7, 9)],
        "the author passed on to save: a publication keeps no history (its created_by is set apart)",
    ),
    **dict.fromkeys([f"resolutions.services.commendations.x__check__mutmut_{n}" for n in (6, 7, 8, 9)], UNSHOWN_DENIAL),
    **dict.fromkeys(
        [f"resolutions.services.campaigns.x_urging_log__mutmut_{n}" for n in (11, 12, 13, 14)], UNSHOWN_DENIAL
    ),
    "notifications.outbox.x_claim__mutmut_34": "on PostgreSQL the rows were just locked as due (FOR UPDATE SKIP "
    "LOCKED) in the same transaction; the state condition guards SQLite, whose concurrent senders the real-worker "
    "test covers",
    "notifications.outbox.x_claim__mutmut_12": "the deliveries due at the same moment are all claimed in the run "
    "(at most a batch each time, until none is due); their order among themselves changes nothing anyone reads",
    # zip's strict: the keys and the figures are always as many (a guard against a programming error, not a rule)
    "committees.rollups.x_shift__mutmut_15": "zip(strict=None): the key values are always as many as the keys",
    "committees.rollups.x_shift__mutmut_18": "zip without strict: the same as _15",
    "committees.rollups.x_shift__mutmut_19": "zip(strict=False): the same as _15",
    "committees.rollups.x_carry_subtree__mutmut_30": "zip(strict=None): a row has as many figures as are named",
    "committees.rollups.x_carry_subtree__mutmut_33": "zip without strict: the same as _30",
    "committees.rollups.x_carry_subtree__mutmut_34": "zip(strict=False): the same as _30",
    "committees.rollups.x_carry_subtree__mutmut_3": "a committee that has moved exists: its lineage is always found",
    "committees.rollups.x_carry_subtree__mutmut_5": "the same as _3",
}


def mutated() -> dict[str, dict[str, tuple[str, int]]]:
    """{source path: {mutmut's function name: (its hash, its number of mutants)}}: the critical modules as they are
    now, mutated the way ``mutmut run`` mutates them."""
    from mutmut.mutation.file_mutation import mutate_file_contents

    patterns = tomllib.loads(Path("pyproject.toml").read_text())["tool"]["mutmut"]["only_mutate"]
    found = {}
    for path in sorted({path for pattern in patterns for path in glob(pattern)}):
        mutated_file = mutate_file_contents(path, Path(path).read_text())
        counts = Counter(name.rpartition("__mutmut_")[0] for name in mutated_file.mutant_names)
        found[path] = {function: (mutated_file.hash_by_function_name[function], n) for function, n in counts.items()}
    return found


def _module(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def _load() -> dict:
    return json.loads(LEDGER.read_text()) if LEDGER.exists() else {}


def verdicts() -> dict[str, dict[str, str]]:
    """{source path: {mutant: status}} for every mutant of the code as it is now, from the ledger."""
    ledger, found = _load(), {}
    for path, functions in mutated().items():
        found[path] = {}
        for function, (source_hash, n) in functions.items():
            kept = ledger.get(path, {}).get(function)
            marks = kept["marks"] if kept and kept["hash"] == source_hash else "." * n
            for number, mark in enumerate(marks, start=1):
                found[path][f"{_module(path)}.{function}__mutmut_{number}"] = STATUS_OF_MARK[mark]
    return found


def record() -> None:
    """Put the verdicts of the run in ``mutants/`` into the ledger, for the functions whose source has not changed
    since; drop what the ledger holds on functions that changed or are gone."""
    now, ledger = mutated(), _load()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    ledger = {
        path: {f: kept for f, kept in functions.items() if now.get(path, {}).get(f, ("",))[0] == kept["hash"]}
        for path, functions in ledger.items()
    }
    added = 0
    for meta in sorted(MUTANTS.rglob("*.py.meta")):
        path = str(meta.relative_to(MUTANTS)).removesuffix(".meta")
        run = json.loads(meta.read_text())
        for key, code in run["exit_code_by_key"].items():
            function, _, number = key.rpartition(".")[2].rpartition("__mutmut_")
            status = STATUS.get(code)
            source_hash, n = now.get(path, {}).get(function, (None, 0))
            if status not in MARKS or run["hash_by_function_name"].get(function) != source_hash:
                continue
            kept = ledger.setdefault(path, {}).get(function)
            if not kept or kept["hash"] != source_hash:
                kept = ledger[path][function] = {"hash": source_hash, "marks": "." * n}
            marks = list(kept["marks"])
            marks[int(number) - 1] = MARKS[status]
            kept |= {"marks": "".join(marks), "commit": commit}
            added += 1
    ledger = {path: dict(sorted(functions.items())) for path, functions in sorted(ledger.items()) if functions}
    LEDGER.write_text(json.dumps(ledger, indent=1, ensure_ascii=False) + "\n")
    print(f"{added} verdicts recorded in {LEDGER.name}")


def pending() -> None:
    """``mutmut run`` patterns for the functions with a mutant not yet killed: not run, or a survivor not listed as
    equivalent (a test may have been added for it since)."""
    patterns = {
        name.rpartition("__mutmut_")[0] + "__mutmut_*"
        for mutants in verdicts().values()
        for name, status in mutants.items()
        if _judged(name, status) in ("survived", "not checked")
    }
    print(" ".join(sorted(patterns)))


def _judged(name: str, status: str) -> str:
    """A mutant that no test reaches goes unnoticed like one that every test passes: both are survivors."""
    if status in ("survived", "no tests"):
        return "equivalent" if name in EQUIVALENT else "survived"
    return status


def score() -> None:
    rows, survivors = [], []
    for path, mutants in verdicts().items():
        if not mutants:
            continue
        counted = Counter(_judged(name, status) for name, status in mutants.items())
        judged = counted["killed"] + counted["timeout"] + counted["survived"]
        rate = f"{100 * (counted['killed'] + counted['timeout']) / judged:.1f} %" if judged else "—"
        rows.append((path, len(mutants), counted["killed"] + counted["timeout"], counted["equivalent"],
                     counted["survived"], counted["not checked"], rate))  # fmt: skip
        survivors += [name for name, status in mutants.items() if _judged(name, status) == "survived"]
    print("| module | mutants | killed | equivalent | survived | not run | score |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    if survivors:
        print(f"\n{len(survivors)} survivors (`.venv/bin/mutmut show NAME` shows each):")
        print("\n".join(f"  {name}" for name in survivors))


def equivalents(readme: str = "") -> None:
    """``EQUIVALENT`` as the README lists it: one line per function and reason, with the mutants' numbers. Given
    the README's path, the list is written there, between its two markers."""
    numbers = defaultdict(list)
    for name, reason in EQUIVALENT.items():
        function, _, number = name.rpartition("__mutmut_")
        module, _, function = function.rpartition(".")
        readable = function.removeprefix("x_") if function.startswith("x_") else function[1:].replace("ǁ", ".")[1:]
        numbers[module, readable, reason].append(int(number))
    listed = "".join(
        f"- `{module}.{function}` {', '.join(str(n) for n in sorted(found))}: {reason}\n"
        for (module, function, reason), found in sorted(numbers.items(), key=lambda item: (*item[0][:2], min(item[1])))
    )
    if not readme:
        print(listed, end="")
        return
    text = Path(readme).read_text()
    before, _, rest = text.partition(EQUIVALENTS_START)
    Path(readme).write_text(before + EQUIVALENTS_START + listed + EQUIVALENTS_END + rest.partition(EQUIVALENTS_END)[2])


def _server(url: str):
    """An autocommit connection to the maintenance database of ``url``'s PostgreSQL server, and ``url``'s database."""
    import psycopg2

    parsed = urlparse(url)
    connection = psycopg2.connect(
        host=parsed.hostname, port=parsed.port or 5432, user=parsed.username, password=parsed.password,
        dbname="postgres",
    )  # fmt: skip
    connection.autocommit = True
    return connection, parsed.path.lstrip("/")


def drop_test_databases(url: str) -> None:
    """Drop the per-mutant test databases (``test_<name>_..._mutant<pid>``) of ``url``'s PostgreSQL server."""
    connection, name = _server(url)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname LIKE %s",
            [f"test_{name}%", "%mutant%"],
        )
        for (database,) in cursor.fetchall():
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}"')
    connection.close()


def template(url: str) -> None:
    """Create ``<name>_template`` afresh and migrate it; print its name (the conftest's MUTANTS_TEMPLATE_DATABASE)."""
    import os

    connection, name = _server(url)
    copied = f"{name}_template"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{copied}"')
        cursor.execute(f'CREATE DATABASE "{copied}"')
    connection.close()
    environment = os.environ | {"DATABASE_URL": url.rsplit("/", 1)[0] + "/" + copied}
    subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], env=environment, check=True)
    print(copied)


COMMANDS = {"score": score, "pending": pending, "record": record, "equivalents": equivalents}
COMMANDS |= {"drop-test-databases": drop_test_databases, "template": template}

if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["score"]
    COMMANDS[command](*args)
