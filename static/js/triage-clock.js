/*
 * The 20-minute clock of a triage slot (templates/triage/session_item.html).
 *
 * Why: every case gets 20 minutes, and the chair keeps the meeting to time. The server renders
 * the slot's times and the remaining time in words, so the page is useful without JavaScript;
 * this script turns that text into a countdown (minutes:seconds) to the end of the slot.
 * When the meeting runs late, "Klok opnieuw starten" counts 20 minutes from now instead.
 *
 * Screen readers: the countdown itself is not a live region (it changes every second); a
 * separate, visually hidden live region speaks only at 5 minutes, 1 minute and the end.
 * All texts come from data attributes of the page, so this file holds no UI language.
 */
(function () {
  "use strict";

  var SLOT_MS = 20 * 60 * 1000;
  var clock = document.getElementById("triage-clock");
  if (!clock || !clock.getAttribute("data-start")) {
    return;
  }
  var display = document.getElementById("triage-clock-display");
  var announcer = document.getElementById("triage-clock-announce");
  var restart = document.getElementById("triage-clock-restart");
  var start = new Date(clock.getAttribute("data-start"));
  var end = new Date(clock.getAttribute("data-end"));
  var previousLeft = null; // ms left at the previous tick: announce only when a threshold is crossed

  function text(name, values) {
    var template = clock.getAttribute("data-" + name) || "";
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : match;
    });
  }

  function two(number) {
    return (number < 10 ? "0" : "") + number;
  }

  // Slot times are Europe/Amsterdam wall-clock times, whatever the computer's own time zone.
  function hhmm(date) {
    return date.toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam" });
  }

  // Speak once when the time left passes 5 minutes, 1 minute and the end; not on opening the page.
  function announceCrossing(left) {
    if (previousLeft !== null && announcer) {
      [["five", 5 * 60 * 1000], ["one", 60 * 1000], ["over", 0]].forEach(function (threshold) {
        if (previousLeft > threshold[1] && left <= threshold[1]) {
          announcer.textContent = text("announce-" + threshold[0], {});
        }
      });
    }
    previousLeft = left;
  }

  function tick() {
    var now = new Date();
    var values = { start: hhmm(start), end: hhmm(end) };
    var left = end - now;
    if (now < start) {
      display.textContent = text("text-before", values);
    } else if (left <= 0) {
      display.textContent = text("text-over", values);
    } else {
      var seconds = Math.ceil(left / 1000);
      values.time = Math.floor(seconds / 60) + ":" + two(seconds % 60);
      display.textContent = text("text-running", values);
    }
    announceCrossing(left);
  }

  if (restart) {
    restart.hidden = false;
    restart.addEventListener("click", function () {
      start = new Date();
      end = new Date(start.getTime() + SLOT_MS);
      previousLeft = null;
      tick();
    });
  }
  tick();
  window.setInterval(tick, 1000);
})();
