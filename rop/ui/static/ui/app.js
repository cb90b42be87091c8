// Clicking a transcript line or a quote plays the audio from that moment.
(function () {
  function player() { return document.getElementById("call-audio"); }
  document.addEventListener("click", function (ev) {
    var el = ev.target.closest("[data-start]");
    if (!el) return;
    var audio = player();
    if (!audio) return;
    var t = parseFloat(el.getAttribute("data-start"));
    if (isNaN(t)) return;
    audio.currentTime = t;
    var p = audio.play();
    if (p && p.catch) p.catch(function () {});
    document.querySelectorAll(".line.playing").forEach(function (n) { n.classList.remove("playing"); });
    var line = document.querySelector('.line[data-start="' + el.getAttribute("data-start") + '"]');
    if (line) line.classList.add("playing");
  });
})();

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
