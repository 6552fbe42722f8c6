// On a phone or tablet the theme opens its sidebars as drawers over the page; a link in a drawer to a place
// on the same page ("Notes" in the page contents) scrolls the page underneath, but the drawer stays over it.
// Following such a link closes the drawer, so the reader sees where the link led.
(function () {
  "use strict";
  document.querySelectorAll("dialog#pst-primary-sidebar-modal, dialog#pst-secondary-sidebar-modal").forEach((drawer) => {
    drawer.addEventListener("click", (event) => {
      const link = event.target.closest("a[href]");
      if (link && link.pathname === location.pathname && link.hash) drawer.close();
    });
  });
})();
