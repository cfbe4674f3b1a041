"""Every ```python block in docs/ and README.md runs, in order, one namespace per file."""

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
FILES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_markdown_code_blocks_run(path, tmp_path, monkeypatch):
    text = path.read_text(encoding="utf-8")
    blocks = BLOCK.findall(text)
    monkeypatch.chdir(tmp_path)
    ns: dict[str, object] = {"__name__": f"docs_{path.stem}"}
    for i, block in enumerate(blocks):
        line = text[: text.index(block)].count("\n") + 1
        try:
            exec(compile(block, f"{path.name}:{line}", "exec"), ns)
        except Exception as exc:  # pragma: no cover - the message is the point
            raise AssertionError(
                f"{path.name}, code block {i + 1} (line {line}) failed: {exc!r}"
            ) from exc


def test_docs_have_code():
    assert (ROOT / "docs" / "tutorial.md").exists()
    assert BLOCK.findall((ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_error_examples_fail_when_no_error_comes(path):
    # An example that shows an error with try/except proves nothing unless it also fails when
    # the error does not come: each such try needs an else that raises.
    import ast

    text = path.read_text(encoding="utf-8")
    for block in BLOCK.findall(text):
        line = text[: text.index(block)].count("\n") + 1
        for node in ast.walk(ast.parse(block)):
            if isinstance(node, ast.Try) and node.handlers:
                where = f"{path.name}:{line + node.lineno - 1}"
                assert node.orelse, f"{where}: try/except without an else that fails"
                assert any(isinstance(n, (ast.Raise, ast.Assert)) for n in node.orelse), where
