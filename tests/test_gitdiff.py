"""`--diff REF`: findings about changed lines only, against real git repositories."""

from __future__ import annotations

import pytest
from conftest import git

from cmlint.cli import main
from cmlint.gitdiff import ChangedLines, parse_unified_diff

DOC = """\
## Rules

- Follow [?](#missing).
- Keep [?](#gone) in mind,
  across two lines.
- Also [?](#nowhere).
"""


@pytest.fixture
def repo(git_repo):
    tmp_path = git_repo
    (tmp_path / "c.md").write_text(DOC)
    git(tmp_path, "add", "c.md")
    git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


def check(capsys, *args):
    code = main(["check", "--isolated", "--select", "S", "-q", *args])
    out, err = capsys.readouterr()
    return code, [line.split(": ", 1)[0] for line in out.splitlines()], err


def test_unchanged_file_reports_nothing(repo, capsys):
    assert check(capsys, "c.md", "--diff", "HEAD") == (0, [], "")


def test_only_changed_principles_are_reported(repo, capsys):
    (repo / "c.md").write_text(
        DOC.replace("across two lines", "across two short lines") + "- New [?](#absent).\n"
    )
    code, where, _ = check(capsys, "c.md", "--diff", "HEAD")
    assert code == 1
    assert where == ["c.md:4:8", "c.md:7:7"]  # the edited second line of a principle flags its first line


def test_lines_deleted_inside_a_principle_count_but_a_deleted_neighbour_does_not(repo, capsys):
    (repo / "c.md").write_text(DOC.replace("  across two lines.\n", ""))
    assert check(capsys, "c.md", "--diff", "HEAD")[1] == ["c.md:4:8"]
    (repo / "c.md").write_text(DOC.replace("- Also [?](#nowhere).\n", ""))
    git(repo, "commit", "-qam", "drop the last one")
    (repo / "c.md").write_text(DOC.replace("- Keep [?](#gone) in mind,\n  across two lines.\n", ""))
    assert check(capsys, "c.md", "--diff", "HEAD~1")[1] == []


def test_untracked_files_count_as_wholly_changed(repo, capsys):
    (repo / "new.md").write_text(DOC)
    code, where, _ = check(capsys, "new.md", "c.md", "--diff", "HEAD")
    assert code == 1 and where == ["new.md:3:10", "new.md:4:8", "new.md:6:8"]


def test_a_ref_further_back(repo, capsys):
    (repo / "c.md").write_text(DOC + "- More [?](#more).\n")
    git(repo, "commit", "-qam", "second")
    assert check(capsys, "c.md", "--diff", "HEAD")[1] == []
    assert check(capsys, "c.md", "--diff", "HEAD~1")[1] == ["c.md:7:8"]


def test_bad_ref_and_no_repository_are_one_line_exit_2(repo, tmp_path_factory, capsys):
    code, _, err = check(capsys, "c.md", "--diff", "no-such-branch")
    assert (
        code == 2 and "error: --diff: 'no-such-branch' names no commit" in err and len(err.splitlines()) == 1
    )
    code, _, err = check(capsys, "c.md", "--diff", "--output=x")
    assert code == 2 and "is not a git revision" in err
    outside = tmp_path_factory.mktemp("plain")
    (outside / "x.md").write_text(DOC)
    code, _, err = check(capsys, str(outside / "x.md"), "--diff", "HEAD")
    assert (
        code == 2
        and err.strip()
        == f"{outside / 'x.md'}: error: --diff needs a git repository, and this file is not in one"
    )


def test_parse_unified_diff_and_touches():
    changed = parse_unified_diff(
        "@@ -3 +3 @@\n-a\n+b\n@@ -10,2 +9,0 @@\n-- item\n-y\n@@ -20,0 +19,3 @@\n+p\n+q\n+r\n"
        "@@ -30 +31,0 @@\n-  continued\n"
    )
    assert changed.lines == (3, 19, 20, 21) and changed.deletions == (9, 31) and changed.tails == {31}
    assert changed.touches(3, 3) and changed.touches(1, 5) and not changed.touches(4, 8)
    assert changed.touches(9, 10) and not changed.touches(10, 12) and not changed.touches(8, 9)
    assert changed.touches(30, 31) and not changed.touches(32, 33)
    assert ChangedLines(whole_file=True).touches(1, 1)
