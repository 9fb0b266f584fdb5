// Drag-and-drop reordering of the agenda table. The "Opp"/"Ned" buttons do the same without
// JavaScript or a mouse; this only makes it quicker.
(function () {
  const table = document.getElementById("dagsorden");
  if (!table) return;
  const body = table.tBodies[0];
  const csrf = document.querySelector('input[name="csrf_token"]');
  let dragged = null;

  body.addEventListener("dragstart", (event) => {
    dragged = event.target.closest("tr");
    event.dataTransfer.effectAllowed = "move";
  });
  body.addEventListener("dragover", (event) => {
    if (!dragged) return;
    event.preventDefault();  // always, so a drop over the dragged row itself is accepted too
    const row = event.target.closest("tr");
    if (!row || row === dragged) return;
    const after = event.clientY > row.getBoundingClientRect().top + row.offsetHeight / 2;
    body.insertBefore(dragged, after ? row.nextSibling : row);
  });
  body.addEventListener("drop", async (event) => {
    event.preventDefault();
    if (!dragged) return;
    dragged = null;
    const order = Array.from(body.rows, (row) => row.dataset.itemId).join(",");
    const form = new FormData();
    form.append("order", order);
    if (csrf) form.append("csrf_token", csrf.value);
    await fetch(table.dataset.reorderUrl, {method: "POST", body: form,
                                           headers: {"X-Requested-With": "fetch"}});
    window.location.reload();  // times and numbers are recomputed by the server
  });
})();
