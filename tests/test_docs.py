"""The documentation lists what the code defines."""

from dashboard import schema
from tests.conftest import ROOT


def test_every_column_is_documented():
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for column in schema.COLUMNS:
        assert f"| `{column.name}` | {column.label} |" in readme, column.name


def test_readme_commands_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/run.sh" in readme and "bash scripts/test.sh" in readme
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_benchmark_commands_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for script in ("scripts/benchmark.sh", "scripts/load.sh"):
        assert f"bash {script}" in readme and (ROOT / script).exists(), script
