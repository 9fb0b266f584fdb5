def test_meeting_page_shows_seed_agenda(client, demo):
    html = client.get("/utvalg/NUIT/moter/2022/3").get_data(as_text=True)
    assert "16/22" in html and "31/22" in html
