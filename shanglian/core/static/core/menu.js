// Phone menu: a real button (keyboard and screen readers reach it) that folds the site navigation.
(function () {
  var header = document.querySelector(".site-header");
  var button = header && header.querySelector(".nav-button");
  var nav = document.getElementById("site-nav");
  if (!button || !nav) return;
  header.classList.add("has-menu");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("open", open);
    if (open) { var first = nav.querySelector("a, button"); if (first) first.focus(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      button.setAttribute("aria-expanded", "false");
      nav.classList.remove("open");
      button.focus();
    }
  });
})();
