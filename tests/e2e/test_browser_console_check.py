"""The journeys' own console check (drive.Tab.console_problems): what a page logs as a problem is caught.

Every journey asserts `tab.console_problems() == []`, trusting that each way a page can log trouble is
recorded by conftest.py's new_tab and counted. Plotly warns through `console.trace`, which the browser
reports as a kind of its own: a bar chart's colour it could not read logged one per chart drawn, and the
check, counting only errors and warnings, saw none of them.
"""

from __future__ import annotations

PAGE = """<!doctype html><title>logging</title><body><script>
console.log('drawn');
console.info('an information');
console.trace('WARN: Invalid color specifier: Array(3)');
console.warn('a warning');
console.error('an error');
document.title = 'done';
</script></body>"""


def test_a_pages_warnings_errors_and_stack_traces_are_problems_and_its_other_lines_are_not(new_tab):
    tab = new_tab()
    tab.page.set_content(PAGE)
    tab.page.wait_for_function("() => document.title === 'done'", polling=40)
    problems = tab.console_problems()
    assert [p.split(":")[0] for p in problems] == ["trace", "warning", "error"], problems
    assert "WARN: Invalid color specifier" in problems[0], problems
