// 季度统计, 达标情况 and a station's table reload themselves while rows are being counted
// (shown.py). Once someone types in the page's form (a quarter half entered), the page stops
// reloading itself: a reload would wipe what they typed, and sending the form loads it afresh.
// Where scripts are off, <meta http-equiv="refresh"> in <noscript> reloads it instead.
"use strict";
(function () {
  var script = document.currentScript;
  var seconds = Number(script && script.dataset.seconds);
  if (!seconds) return;
  var typed = false;
  document.addEventListener("input", function () {
    typed = true;
  });
  setInterval(function () {
    var active = document.activeElement;
    var editing = active && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName);
    if (!typed && !editing) location.reload();
  }, seconds * 1000);
})();
