"""The documentation lists what the code defines."""

from dashboard.data import schema
from tests.conftest import ROOT


def test_every_column_is_documented():
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for column in schema.COLUMNS:
        assert f"| `{column.name}` | {column.label} |" in readme, column.name


def test_readme_commands_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/run.sh" in readme and "bash scripts/test.sh" in readme
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_setting_is_documented():
    from dashboard.data import loader
    from dashboard.web import config

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    variables = [value for name, value in vars(config).items() if name.endswith("_ENV")] + [loader.MAX_FILE_MB_ENV]
    assert len(variables) >= 7
    for variable in variables:
        assert f"| `{variable}` |" in readme, variable


def test_reliability_doc_lists_the_corpus_and_keeps_a_load_section():
    import tomllib

    doc = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    cases = tomllib.loads((ROOT / "tests" / "bad_data" / "manifest.toml").read_text(encoding="utf-8"))["case"]
    for case in cases:
        assert f"`{case['file']}`" in doc and case["message"] in doc, case["file"]
    assert "\n## Charge\n" in doc


def test_readme_benchmark_commands_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for script in ("scripts/benchmark.sh", "scripts/load.sh"):
        assert f"bash {script}" in readme and (ROOT / script).exists(), script
