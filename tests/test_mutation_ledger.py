"""The ledger `make mutants` keeps (bench/mutants.py): a verdict holds while its function's source is the same, what
has not been killed is run again, and the score is read from it."""

import importlib.util
import json
from pathlib import Path

import pytest
from mutmut.mutation.file_mutation import mutate_file_contents

SOURCE = """
def add(a, b):
    return a + b


def greet(name):
    return "Xin chào " + name
"""


TOP = Path(__file__).parents[1]


def bench_module():
    spec = importlib.util.spec_from_file_location("bench_mutants", TOP / "bench" / "mutants.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bench(tmp_path, monkeypatch):
    module = bench_module()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(module, "LEDGER", tmp_path / "ledger.json")
    monkeypatch.setattr(module, "EQUIVALENT", {})
    (tmp_path / "pyproject.toml").write_text('[tool.mutmut]\nsource_paths = ["pkg"]\nonly_mutate = ["pkg/*.py"]\n')
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(SOURCE)
    return module


def run(verdicts: dict[str, int | None]) -> None:
    """What `mutmut run` leaves in mutants/: the exit code of each mutant run, the hash of each function's source."""
    mutated = mutate_file_contents("pkg/mod.py", Path("pkg/mod.py").read_text())
    meta = Path("mutants/pkg/mod.py.meta")
    meta.parent.mkdir(parents=True, exist_ok=True)
    exit_codes = {f"pkg.mod.{name}": verdicts.get(name) for name in mutated.mutant_names}
    hashes = mutated.hash_by_function_name
    meta.write_text(json.dumps({"exit_code_by_key": exit_codes, "hash_by_function_name": hashes}))


def statuses(bench) -> dict[str, str]:
    return bench.verdicts()["pkg/mod.py"]


def test_a_run_s_verdicts_are_kept_and_what_no_run_has_killed_is_pending(bench, capsys):
    names = list(statuses(bench))
    adds = [name.removeprefix("pkg.mod.") for name in names if ".x_add__" in name]
    greets = [name.removeprefix("pkg.mod.") for name in names if ".x_greet__" in name]
    assert adds and greets and set(statuses(bench).values()) == {"not checked"}

    run(dict.fromkeys(adds[1:], 1) | {adds[0]: 0} | dict.fromkeys(greets[1:], 1))  # one survivor, one not run
    bench.record()
    kept = statuses(bench)
    assert kept[f"pkg.mod.{adds[0]}"] == "survived" and kept[f"pkg.mod.{greets[0]}"] == "not checked"
    assert {kept[f"pkg.mod.{name}"] for name in adds[1:] + greets[1:]} == {"killed"}
    capsys.readouterr()
    bench.pending()
    assert capsys.readouterr().out.split() == ["pkg.mod.x_add__mutmut_*", "pkg.mod.x_greet__mutmut_*"]

    run({adds[0]: 1, greets[0]: 1})  # the next run kills those two; the others' verdicts are not in it and stay
    bench.record()
    assert set(statuses(bench).values()) == {"killed"}
    capsys.readouterr()
    bench.pending()
    assert capsys.readouterr().out.split() == []


def test_a_function_whose_source_changed_starts_again(bench):
    run({name.removeprefix("pkg.mod."): 1 for name in statuses(bench)})
    bench.record()
    Path("pkg/mod.py").write_text(SOURCE.replace("a + b", "b + a"))
    after = statuses(bench)
    assert {status for name, status in after.items() if ".x_add__" in name} == {"not checked"}
    assert {status for name, status in after.items() if ".x_greet__" in name} == {"killed"}
    bench.record()  # the run in mutants/ was of the old source: nothing of it is taken for add
    assert "x_add" not in json.loads(bench.LEDGER.read_text())["pkg/mod.py"]


def test_the_score_counts_a_mutant_no_test_reaches_as_a_survivor_and_leaves_out_the_equivalent(bench, capsys):
    names = [name.removeprefix("pkg.mod.") for name in statuses(bench)]
    run({names[0]: 0, names[1]: 33, names[2]: 0} | dict.fromkeys(names[3:], 1))
    bench.record()
    bench.EQUIVALENT[f"pkg.mod.{names[2]}"] = "changes nothing a user sees"
    capsys.readouterr()
    bench.score()
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("| pkg/mod.py"))
    killed = len(names) - 3
    assert row == f"| pkg/mod.py | {len(names)} | {killed} | 1 | 2 | 0 | {100 * killed / (killed + 2):.1f} % |"


def test_the_readme_lists_every_equivalent_mutant_with_its_reason(capsys):
    bench_module().equivalents()
    listed = capsys.readouterr().out
    readme = (TOP / "README.md").read_text()
    assert len(listed.splitlines()) > 50
    assert readme.split("<!-- equivalents -->\n")[1].split("<!-- /equivalents -->")[0] == listed


def test_the_list_is_written_into_a_readme_between_its_markers_and_nothing_else_changes(tmp_path, capsys):
    bench = bench_module()
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n\n<!-- equivalents -->\n- old line\n<!-- /equivalents -->\n\n## Next\n")
    bench.equivalents(str(readme))
    bench.equivalents()
    assert (
        readme.read_text()
        == f"# Title\n\n<!-- equivalents -->\n{capsys.readouterr().out}<!-- /equivalents -->\n\n## Next\n"
    )
