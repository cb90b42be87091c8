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
