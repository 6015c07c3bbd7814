"""The committee picker in the browser: suggestions as the officer types without accents, keyboard choice, nothing
of the sibling branch, and the same form working without JavaScript."""

from django.urls import reverse
from playwright.sync_api import expect

from opinion.models import Collaborator
from tests.e2e.conftest import SIBLING_NAMES, sign_in


def fill_collaborator(page, name: str) -> None:
    page.locator("#id_full_name").fill(name)
    page.locator("#id_phone").fill("0912 345 678")


def test_an_officer_picks_a_committee_by_typing_its_name_without_accents(page, live_server, officer_a, officer_tree):
    tree = officer_tree
    sign_in(page, "officer_a", next_url=reverse("opinion:collaborator_create"))
    picker = page.locator("#id_committee")
    expect(picker).to_have_value(f"{tree.a.code} — {tree.a.name}")  # their own committee, proposed
    expect(picker).to_have_attribute("role", "combobox")
    expect(picker).to_have_attribute("aria-controls", "id_committee-suggestions")

    # Typed without accents: the suggestions hold the matching committees of the scope, never the sibling's.
    picker.fill("chi bo")
    suggestions = page.locator("#id_committee-suggestions")
    options = suggestions.get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.first).to_contain_text("A1 — Chi bộ Vụ Tổng hợp")
    expect(options.nth(1)).to_contain_text("A2a — Chi bộ Phòng Kê khai")
    expect(options.nth(1)).to_contain_text(tree.a2.name)  # under its parent's name
    for name in SIBLING_NAMES:
        expect(suggestions).not_to_contain_text(name)

    picker.fill("phong ke khai")
    expect(options).to_have_count(1)
    picker.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    picker.press("Enter")  # chooses the suggestion, does not send the form
    expect(picker).to_have_value("A2a — Chi bộ Phòng Kê khai")
    expect(suggestions).to_be_hidden()
    assert not Collaborator.objects.exists()

    fill_collaborator(page, "Võ Thị Mai")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert Collaborator.objects.get().committee == tree.a2a

    # The sibling branch is offered nothing, and typed anyway it is "not found", the text kept.
    page.goto(reverse("opinion:collaborator_create"))
    picker.fill("ngan hang")
    page.wait_for_timeout(600)
    expect(suggestions.get_by_role("option")).to_have_count(0)
    fill_collaborator(page, "Người Thứ Hai")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    expect(page.locator("#id_committee")).to_have_value("ngan hang")
    expect(page.locator("main form")).to_contain_text("ngan hang")
    assert Collaborator.objects.count() == 1


def test_without_javascript_a_committee_is_typed_by_code_or_name(new_context, live_server, officer_a, officer_tree):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "officer_a", next_url=reverse("opinion:collaborator_list"))
    page.locator("#id_committee").fill("cuc thue")  # a name, without accents: one committee holds it
    with page.expect_navigation():
        page.locator("main form[role=search] [type=submit]").click()
    expect(page.locator("#id_committee")).to_have_value("cuc thue")
    assert "committee=cuc+thue" in page.url

    page.goto(reverse("opinion:collaborator_create"))
    page.locator("#id_committee").fill("A1")
    fill_collaborator(page, "Võ Thị Mai")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert Collaborator.objects.get().committee == officer_tree.a1
