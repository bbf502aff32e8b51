"""The final exam in Chromium: a failed attempt with its review, then a pass, the attestation
downloaded, and its QR code followed to the public verification page."""

import re

import pytest

from tests.pdfs import QR_TOOLS, QR_TOOLS_MISSING, pdf_text, qr_codes

from .helpers import axe_violations, describe, expect, fill_right_answer, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.skipif(not QR_TOOLS, reason=QR_TOOLS_MISSING)
def test_fail_then_pass_the_final_exam(page, live_server, new_page, tmp_path):
    """Can a learner fail the exam once, read the review and the score, pass it, download the
    attestation, and can anyone follow its QR code to a page that says it is valid?"""
    sign_in(page, live_server, "gestionnaire2@demo.test")  # every module done (demo data)
    page.goto(f"{live_server}/formation/devenir-gestionnaire/")
    page.get_by_role("link", name="Examen final", exact=True).click()
    page.get_by_role("button", name="Commencer l'examen").click()
    questions = page.locator("section.question")
    expect(questions).to_have_count(20)
    violations = axe_violations(page)
    assert not violations, describe(violations)

    # First attempt: one right answer only, saved as we go; the rest left blank.
    fill_right_answer(questions.first)
    expect(page.locator("#save-status")).to_contain_text("1 réponse sur 20")
    page.get_by_role("button", name="Rendre ma copie").click()
    # 19 questions unanswered: handing in asks first, then goes.
    expect(page.locator("#exam-confirm")).to_contain_text("19 questions sans réponse")
    page.get_by_role("button", name="Rendre ma copie quand même").click()
    result = page.locator("#resultat")
    expect(result).to_contain_text("1 / 20")
    expect(result).to_contain_text("non réussie")
    # The review of a failure: scores per module and lessons to reread, never the answers.
    expect(result).to_contain_text("Vos résultats par module")
    expect(result.locator(".lessons-to-review a").first).to_be_visible()
    expect(result.locator(".review__item")).to_have_count(0)

    # Second attempt: every answer right.
    page.get_by_role("button", name="Commencer l'examen").click()
    expect(questions).to_have_count(20)  # .all() below does not wait for the new page
    for section in questions.all():
        fill_right_answer(section)
    page.get_by_role("button", name="Rendre ma copie").click()
    expect(page.locator("#resultat")).to_contain_text(re.compile(r"20 / 20 .* réussie"))
    expect(page.locator("#resultat .review__item--right")).to_have_count(20)
    expect(page.get_by_text("Vous avez réussi l'examen final.")).to_be_visible()

    # The attestation: its PDF, read back, and the URL of its QR code.
    card = page.locator(".attestation-card")
    expect(card).to_contain_text("E-learning réalisé")
    number = re.search(r"RPPSP-\d{4}-\d{6}", card.inner_text())[0]
    href = card.get_by_role("link", name="Télécharger l'attestation (PDF)").get_attribute("href")
    download = page.request.get(live_server + href)  # the browser's own session cookie
    assert download.ok and download.headers["content-type"] == "application/pdf"
    text = pdf_text(download.body())
    assert "Hugo Second" in text and number in text
    [url] = qr_codes(download.body(), tmp_path)
    assert url.startswith(f"{live_server}/verify/")
    assert url.rsplit("/", 1)[1] in text  # the code printed under the QR code

    # A stranger (no session) opens the QR code's own URL.
    stranger = new_page(bypass_csp=True)  # so that axe-core can be injected
    stranger.goto(url)
    expect(stranger.get_by_text("Attestation valide.")).to_be_visible()
    expect(stranger.locator("main")).to_contain_text("Hugo Second")
    expect(stranger.locator("main")).to_contain_text(number)
    violations = axe_violations(stranger)
    assert not violations, describe(violations)
