// The console's only script (the Content-Security-Policy allows no inline script). Everything works without it;
// it adds the admin's time zone, a busy state on slow forms, confirmation prompts and the charts.
(function () {
  "use strict";

  // The server shows times in the zone this cookie names (UTC until it is set).
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("console_tz=" + encodeURIComponent(zone)) < 0) {
      // From the next page on (the sign-in page, the first one, shows no times).
      document.cookie = "console_tz=" + encodeURIComponent(zone) + "; path=/console; SameSite=Strict; max-age=31536000";
    }
  } catch (e) { /* no Intl: times stay in UTC, and the page says so */ }

  // The menu on a narrow screen: a disclosure button (the links are shown as they are without the script).
  var toggle = document.querySelector(".menu-toggle");
  var menu = document.getElementById("console-nav");
  if (toggle && menu) {
    var narrow = window.matchMedia("(max-width: 999px)");
    var fold = function () {
      toggle.hidden = !narrow.matches;
      menu.setAttribute("data-collapsed", narrow.matches && toggle.getAttribute("aria-expanded") !== "true" ? "true" : "false");
    };
    toggle.addEventListener("click", function () {
      toggle.setAttribute("aria-expanded", toggle.getAttribute("aria-expanded") === "true" ? "false" : "true");
      fold();
    });
    narrow.addEventListener("change", fold);
    fold();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    // A form that may take a while says so, and cannot be sent twice.
    if (form.hasAttribute("data-busy")) {
      var button = form.querySelector("button[type=submit]");
      if (button) {
        button.setAttribute("aria-busy", "true");
        button.disabled = true;
      }
      var status = form.querySelector(".busy");
      if (status) {
        status.setAttribute("data-active", "true");
        status.setAttribute("role", "status");
      }
    }
  });

  // Charts: <canvas data-chart="id"> draws the JSON in <script type="application/json" id="id"> (data, not code).
  function drawCharts() {
    if (typeof window.Chart === "undefined") { return; }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.getAttribute("data-chart"));
      if (!source) { return; }
      var spec = JSON.parse(source.textContent);
      var palette = ["#0a58ca", "#1a7f37", "#b42318", "#9a6700", "#6639ba"];
      new window.Chart(canvas, {
        type: spec.type || "line",
        data: {
          labels: spec.labels,
          datasets: spec.series.map(function (s, i) {
            return { label: s.label, data: s.data, borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length], tension: 0.2, fill: false };
          })
        },
        options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawCharts);
  } else {
    drawCharts();
  }
})();
