// 设备与登记: picking a village fills in its station (the server checks they match).
"use strict";
(function () {
  var village = document.getElementById("village");
  var station = document.getElementById("station");
  if (!village || !station) return;
  village.addEventListener("change", function () {
    var picked = village.options[village.selectedIndex];
    if (picked && picked.dataset.station) station.value = picked.dataset.station;
  });
})();
