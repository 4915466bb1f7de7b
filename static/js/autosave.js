/*
 * Autosave of the registration form (templates/intake/registration_edit.html).
 *
 * Why: melders fill the form between other work, and a session expires after 30 minutes
 * without activity. While they type, the form is posted to its autosave URL three seconds
 * after the last change (and at least every minute while changes wait), which stores every
 * valid value in the concept and keeps the session alive. Nothing is saved in the browser
 * itself: the form holds personal data, which belongs on the server only.
 *
 * The server answers with a small status fragment (shown in an aria-live region) that may
 * carry the ids of persons or organisations it just created; those go into the rows' hidden
 * id fields, so the next save updates those rows instead of creating them again.
 * An expired session answers 401 (or 403 when the CSRF token no longer matches); the page
 * then says until when the concept was saved and offers to log in again.
 *
 * All texts are in the page (<template> elements), so this file holds no UI language.
 */
(function () {
  "use strict";

  var DELAY_MS = 3000;
  var INTERVAL_MS = 60000;

  var form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch) {
    return;
  }
  var status = document.getElementById("autosave-status");
  var url = form.getAttribute("data-autosave-url");
  var savedAt = status ? status.getAttribute("data-saved-at") : "";
  var dirty = false;
  var stopped = false;
  var timer = null;
  var inFlight = null;
  var submitting = false;

  function fromTemplate(id) {
    var template = document.getElementById(id);
    return template ? template.content.cloneNode(true) : document.createDocumentFragment();
  }

  function show(nodes) {
    if (!status) {
      return;
    }
    var next = document.createElement("div");
    next.appendChild(nodes);
    // Replace only when the text changes: a live region repeating itself every few seconds
    // would keep interrupting a screen reader user.
    if (next.textContent.trim() !== status.textContent.trim()) {
      status.replaceChildren.apply(status, Array.prototype.slice.call(next.childNodes));
    }
  }

  function showExpired() {
    var nodes = fromTemplate("autosave-expired");
    nodes.querySelectorAll("[data-saved-at]").forEach(function (el) {
      el.textContent = savedAt;
    });
    show(nodes);
  }

  function applyStatus(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    doc.querySelectorAll("[data-set-field]").forEach(function (el) {
      var input = form.elements.namedItem(el.getAttribute("data-set-field"));
      if (input && !input.value) {
        input.value = el.getAttribute("data-value");
      }
      el.remove();
    });
    var stamp = doc.querySelector("[data-saved-at]");
    if (stamp) {
      savedAt = stamp.getAttribute("data-saved-at");
    }
    var fragment = document.createDocumentFragment();
    Array.prototype.slice.call(doc.body.childNodes).forEach(function (node) {
      fragment.appendChild(node);
    });
    show(fragment);
  }

  function save() {
    clearTimeout(timer);
    if (stopped || !dirty) {
      return inFlight || Promise.resolve();
    }
    if (inFlight) {
      return inFlight; // the change is picked up when this one finishes (dirty stays true)
    }
    dirty = false;
    var body = new FormData(form);
    // Files (the attachments section) are uploaded by their own button, not with every save.
    Array.from(body.keys()).forEach(function (name) {
      if (body.getAll(name).some(function (value) { return value instanceof File; })) {
        body.delete(name);
      }
    });
    inFlight = fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) {
        if (response.status === 401 || response.status === 403 || response.type === "opaqueredirect") {
          stopped = true;
          showExpired();
          return;
        }
        if (!response.ok) {
          dirty = true;
          show(fromTemplate("autosave-failed"));
          return;
        }
        return response.text().then(applyStatus);
      })
      .catch(function () {
        dirty = true;
        show(fromTemplate("autosave-failed"));
      })
      .finally(function () {
        inFlight = null;
        if (dirty && !stopped && !submitting) {
          schedule();
        }
      });
    return inFlight;
  }

  function schedule() {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  window.setInterval(function () {
    if (dirty) {
      save();
    }
  }, INTERVAL_MS);

  // A button press waits for a running autosave: otherwise a person it is creating right now
  // would be created a second time by the form post, which does not know its id yet.
  form.addEventListener("submit", function (event) {
    clearTimeout(timer);
    if (submitting) {
      return;
    }
    submitting = true;
    if (inFlight) {
      event.preventDefault();
      var submitter = event.submitter;
      inFlight.then(function () {
        form.requestSubmit(submitter);
      });
    }
  });
})();
