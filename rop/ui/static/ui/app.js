// Shared interface scripts. The call page's player (seeking from lines and quotes, the highlighted
// line, speeds, the speaker timeline) lives in player.js.

// Behaviour that used to be inline handlers (the Content-Security-Policy allows no inline script):
// data-remove-closest="SELECTOR" removes that ancestor on click; data-confirm="TEXT" on a form asks first.
(function () {
  document.addEventListener("click", function (ev) {
    var el = ev.target.closest("[data-remove-closest]");
    if (!el) return;
    var target = el.closest(el.getAttribute("data-remove-closest"));
    if (target) target.remove();
  });
  document.addEventListener("submit", function (ev) {
    var form = ev.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) ev.preventDefault();
  });
})();
