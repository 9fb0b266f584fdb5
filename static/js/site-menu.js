// The header's menus (templates/base.html). «Meny» holds the navigation and the account menu: it
// is open in the HTML (without this script a phone shows it open, wrapping), and this script
// folds it on a narrow screen and keeps it open on a wide one, where its «Meny» button is hidden
// by app.css. The account menu (the e-mail address) is a drop-down on a wide screen and shown
// open inside «Meny» on a narrow one. Escape or a click elsewhere closes an open drop-down.
(function () {
  "use strict";
  const menu = document.querySelector(".site-menu");
  if (!menu) return;
  const account = menu.querySelector(".account-menu");
  const wide = window.matchMedia("(min-width: 60em)");

  function fit() {
    menu.open = wide.matches;
    if (account) account.open = !wide.matches;
  }

  function closeDropDowns(except) {
    if (wide.matches && account && account.open && !account.contains(except)) account.open = false;
    if (!wide.matches && menu.open && !menu.contains(except)) menu.open = false;
  }

  fit();
  wide.addEventListener("change", fit);
  document.addEventListener("click", (event) => closeDropDowns(event.target));
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const open = wide.matches ? account : menu;
    if (open && open.open && open.contains(document.activeElement)) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });
})();
