// The call page's player (loaded only there; the CSP allows no inline scripts or handlers).
// - the transcript line being played is highlighted (.playing) and scrolled into view;
// - a click, Enter or Space on a transcript line or a quote ([data-start]) plays from there;
// - speed buttons ([data-rate]) and -10/+10 s buttons ([data-skip]);
// - the speaker timeline (#tl-tracks) seeks where it is clicked; arrows move 5 s from the keyboard.
(function () {
  "use strict";
  var audio = document.getElementById("call-audio");
  if (!audio) return;
  var box = document.getElementById("transcript");
  var lines = Array.prototype.slice.call(document.querySelectorAll("#transcript .line[data-start]"));
  var starts = lines.map(function (l) { return parseFloat(l.getAttribute("data-start")); });
  var ends = lines.map(function (l, i) {
    var e = parseFloat(l.getAttribute("data-end"));
    return isNaN(e) ? starts[i] : e;
  });
  var tracks = document.getElementById("tl-tracks");
  var cursor = document.getElementById("tl-cursor");
  var timeline = document.getElementById("speaker-timeline");
  var current = -1;
  var HOLD = 1.0; // seconds a line stays highlighted after its end (pauses between lines)

  function duration() {
    if (isFinite(audio.duration) && audio.duration > 0) return audio.duration;
    var d = timeline ? parseFloat(timeline.getAttribute("data-duration")) : NaN;
    return isNaN(d) ? 0 : d;
  }

  function lineAt(t) {
    var found = -1;
    for (var i = 0; i < lines.length; i++) {
      if (starts[i] > t + 0.05) break;
      if (t <= ends[i] + HOLD) found = i;
    }
    return found;
  }

  function reveal(line) {
    if (!box) return;
    var top = line.offsetTop, bottom = top + line.offsetHeight;
    if (top < box.scrollTop || bottom > box.scrollTop + box.clientHeight) {
      box.scrollTop = Math.max(0, top - box.clientHeight / 3);
    }
  }

  function update() {
    var t = audio.currentTime || 0;
    var i = lineAt(t);
    if (i !== current) {
      if (current >= 0) { lines[current].classList.remove("playing"); lines[current].removeAttribute("aria-current"); }
      current = i;
      if (i >= 0) { lines[i].classList.add("playing"); lines[i].setAttribute("aria-current", "true"); reveal(lines[i]); }
    }
    var d = duration();
    if (cursor && d > 0) cursor.style.left = Math.min(100, 100 * t / d) + "%";
    if (tracks) tracks.setAttribute("aria-valuenow", t.toFixed(1));
  }

  function seek(t, play) {
    if (isNaN(t)) return;
    var d = duration();
    t = Math.max(0, d > 0 ? Math.min(t, d) : t);
    audio.currentTime = t;
    if (play) {
      var p = audio.play();
      if (p && p.catch) p.catch(function () {});
    }
    update();
  }

  function setRate(rate) {
    audio.playbackRate = rate;
    document.querySelectorAll("[data-rate]").forEach(function (b) {
      var on = parseFloat(b.getAttribute("data-rate")) === rate;
      b.classList.toggle("on", on);
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  function seekTimeline(clientX) {
    var r = tracks.getBoundingClientRect();
    if (r.width <= 0) return;
    seek(Math.min(1, Math.max(0, (clientX - r.left) / r.width)) * duration(), true);
  }

  document.addEventListener("click", function (ev) {
    var el = ev.target.closest("[data-start], [data-skip], [data-rate]");
    if (el && el.hasAttribute("data-start")) seek(parseFloat(el.getAttribute("data-start")), true);
    else if (el && el.hasAttribute("data-skip")) seek((audio.currentTime || 0) + parseFloat(el.getAttribute("data-skip")), false);
    else if (el && el.hasAttribute("data-rate")) setRate(parseFloat(el.getAttribute("data-rate")));
    else if (tracks && tracks.contains(ev.target)) seekTimeline(ev.clientX);
  });

  document.addEventListener("keydown", function (ev) {
    var el = ev.target;
    if (!el || !el.closest) return;
    var key = ev.key;
    if ((key === "Enter" || key === " " || key === "Spacebar") && el.matches("[data-start]")) {
      ev.preventDefault();
      seek(parseFloat(el.getAttribute("data-start")), true);
    } else if (tracks && el === tracks && (key === "ArrowLeft" || key === "ArrowRight")) {
      ev.preventDefault();
      seek((audio.currentTime || 0) + (key === "ArrowLeft" ? -5 : 5), false);
    }
  });

  ["timeupdate", "seeked", "loadedmetadata", "play"].forEach(function (name) {
    audio.addEventListener(name, update);
  });
  audio.addEventListener("ratechange", function () {
    document.querySelectorAll("[data-rate]").forEach(function (b) {
      var on = parseFloat(b.getAttribute("data-rate")) === audio.playbackRate;
      b.classList.toggle("on", on);
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  });
  update();
})();
