"""The keyboard in Chromium (issue 19): every control shows where the keyboard is, measured in
pixels (the control screenshotted unfocused and focused: a ring around it, at least as large as
a 2px perimeter, of 3:1 contrast or more against what was there; WCAG 2.4.7 and 2.4.13); focus
goes on from what a press brought; what focus scrolls to stops below the sticky header; on a
phone the finder's count stays in sight while its questions are answered."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browserkit import ENGINE_TIMEOUT, data_attr, result_of
from pixels import contrast, read_png

pytestmark = pytest.mark.browser

PAD = 8  # px around the control: the ring is drawn outside it

CONTROLS = [
    ("calculator/#award=23.2", "#award-filter"),
    ("calculator/#award=23.2", "#award-select"),
    ("calculator/#award=23.2", "#field-operating_costs"),
    ("calculator/#award=4.1", "#field-investment"),
    ("calculator/#award=4.1", "button[type=submit]"),
    ("finder/", 'input[name="roles"] >> nth=0'),
    ("finder/", 'input[name="legal_person"] >> nth=0'),
    ("finder/", "details.finder-more > summary"),
    ("finder/", ".finder-estimate >> nth=0"),
    ("finder/", ".finder-add >> nth=0"),
    ("sheet/", "#sheet-choose"),
    ("sheet/", "#sheet-add"),
    ("en/calculator/#award=11.2", "#field-facility"),
    ("en/calculator/#award=4.1", "#field-investment"),
    ("en/finder/", 'input[name="domains"] >> nth=0'),
]


def ring(page, selector: str) -> tuple[int, int]:
    """(pixels outside the control that changed by 3:1 or more when it took focus, the
    control's perimeter in px)."""
    control = page.locator(selector)
    control.evaluate("e => e.scrollIntoView({block: 'center'})")
    page.evaluate("document.activeElement?.blur()")
    box = control.bounding_box()
    clip = {
        "x": box["x"] - PAD,
        "y": box["y"] - PAD,
        "width": box["width"] + 2 * PAD,
        "height": box["height"] + 2 * PAD,
    }
    before = read_png(page.screenshot(clip=clip, animations="disabled"))
    control.focus()
    assert control.evaluate("e => e.matches(':focus-visible')"), f"{selector}: as by keyboard"
    after = read_png(page.screenshot(clip=clip, animations="disabled"))
    inside_x = range(PAD, PAD + round(box["width"]))
    inside_y = range(PAD, PAD + round(box["height"]))
    changed = sum(
        1
        for y in range(after.height)
        for x in range(after.width)
        if not (x in inside_x and y in inside_y) and contrast(before.at(x, y), after.at(x, y)) >= 3
    )
    return changed, round(2 * (box["width"] + box["height"]))


@pytest.mark.parametrize("path, selector", CONTROLS, ids=[f"{p} {s}" for p, s in CONTROLS])
def test_every_control_shows_a_strong_focus_ring(page, origin, path, selector):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{origin}/{path}")
    page.locator(".calc-status.calc-ready").wait_for(timeout=ENGINE_TIMEOUT)
    page.locator(selector).wait_for()
    changed, perimeter = ring(page, selector)
    assert changed >= 2 * perimeter, (selector, changed, perimeter)


def test_adding_to_the_sheet_moves_focus_to_the_link_it_brings(page, origin):
    """The button is disabled once pressed (one entry per estimate): focus must not fall to
    the top of the page, but go on from the confirmation's link."""
    page.goto(f"{origin}/calculator/#award=4.1&investment=5000万")
    result_of(page)
    page.locator("#add-to-sheet").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#result .calc-open-sheet")).to_be_focused()
    assert page.evaluate("document.activeElement.matches(':focus-visible')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sheet/")


def test_adding_from_the_finder_moves_focus_to_the_link_it_brings(page, origin):
    page.goto(f"{origin}/finder/")
    data_attr(page, "finder", "fit")
    page.locator('.finder-add[data-award="3.1"]').focus()
    page.keyboard.press("Enter")
    expect(page.locator('[data-award="3.1"] .finder-added a')).to_be_focused()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_result_focus_goes_to_stops_below_the_sticky_header(browser, origin, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(f"{origin}/calculator/#award=4.1")
    page.locator(".calc-status.calc-ready").wait_for(timeout=ENGINE_TIMEOUT)
    page.locator("#field-investment").focus()
    page.keyboard.insert_text("5000万")
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_be_focused(timeout=ENGINE_TIMEOUT)
    page.wait_for_timeout(300)  # the scroll that focus brings
    header = page.locator(".md-header").bounding_box()
    top = page.locator("#result").bounding_box()["y"]
    assert header["y"] + header["height"] <= top < 800, (header, top)
    page.close()


def test_on_a_phone_the_finders_count_stays_in_sight(browser, origin):
    """Ticking a box at the top shows its effect at once: the count sits at the bottom of the
    screen while the list is below it, and steps aside once the list's own count is in view."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{origin}/finder/")
    data_attr(page, "finder", "fit")
    page.locator('input[name="roles"]').first.check()
    data_attr(page, "finder", "fit")  # the engine has answered the new answers
    sticky = page.locator("#finder-sticky")
    counts = page.locator("#finder-counts")
    expect(sticky).to_contain_text(counts.inner_text(), timeout=ENGINE_TIMEOUT)
    box = sticky.bounding_box()
    assert abs(box["y"] + box["height"] - 844) <= 1, "at the bottom of the screen"
    assert sticky.evaluate("e => getComputedStyle(e).visibility") == "visible"
    sticky.get_by_role("link").click()
    expect(sticky).to_have_css("visibility", "hidden")
    page.close()
    wide = browser.new_page(viewport={"width": 1280, "height": 900})
    wide.goto(f"{origin}/finder/")
    data_attr(wide, "finder", "fit")
    assert not wide.locator("#finder-sticky").is_visible(), "a wide screen shows the list beside"
    wide.close()
