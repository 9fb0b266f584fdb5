"""Reading what a page shows, for tests."""
import re

AGENDA_TABLE = re.compile(r'<table class="[^"]*\bagenda\b[^"]*"[^>]*>')


def agenda_table(client, url: str) -> list[list[str]]:
    """The cells of each row of the agenda table on a page, as the reader sees the text."""
    html = client.get(url).get_data(as_text=True)
    body = AGENDA_TABLE.split(html, maxsplit=1)[1].split("</tbody>")[0]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)[1:]:
        rows.append([" ".join(re.sub(r"<[^>]+>", " ", cell).split())
                     for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)])
    return rows
