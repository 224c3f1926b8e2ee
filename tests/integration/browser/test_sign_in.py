"""Signing in to the organisations' pages in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.integration.browser.conftest import LiveServer, screenshot, sign_in

pytestmark = pytest.mark.integration


def test_a_bad_credential_is_refused_and_a_good_one_opens_the_roles_page(
    page: Page, live_server: LiveServer
) -> None:
    page.goto(f"{live_server.url}/?vista=1")
    # No session: the page asks to sign in and remembers where the person was going.
    expect(page).to_have_url(f"{live_server.url}/entrar?siguiente=/%3Fvista%3D1")
    page.get_by_label("Credencial de acceso").fill("vnc_x_nada_nada")
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("alert")).to_contain_text("no es válida")
    screenshot(page, "entrar")
    operator = live_server.token("operator")
    sign_in(page, live_server, operator)
    expect(page.get_by_role("heading", level=1)).to_have_text("Operación de Vincula")
    page.get_by_role("button", name="Salir").click()
    expect(page).to_have_url(f"{live_server.url}/entrar")
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/entrar?siguiente=/")
