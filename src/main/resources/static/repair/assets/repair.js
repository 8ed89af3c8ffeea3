// Starts Belvo's Connect widget in update mode with the access token the server put in the page,
// and reports the widget's callbacks to POST <the same repair URL>/events. No inline script: the
// page's Content-Security-Policy allows only this file and the widget script.
(function () {
  'use strict';
  var holder = document.getElementById('belvo');
  if (!holder) {
    return;
  }
  var eventsUrl = holder.getAttribute('data-events-url');
  var access = holder.getAttribute('data-access');
  // The token is only needed once: keep it out of the DOM afterwards.
  holder.removeAttribute('data-access');

  function report(event) {
    return fetch(eventsUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(event),
      credentials: 'omit',
      keepalive: true
    }).catch(function () { /* the hub re-checks the link on its own schedule anyway */ });
  }

  function show(text) {
    var note = document.createElement('p');
    note.className = 'done';
    note.id = 'outcome';
    note.textContent = text;
    holder.replaceChildren(note);
  }

  var words = { done: holder.getAttribute('data-done'), left: holder.getAttribute('data-left') };

  window.belvoSDK.createWidget(access, {
    locale: holder.getAttribute('data-locale'),
    callback: function (link, institution) {
      report({ type: 'success', link: link, institution: institution }).then(function () { show(words.done); });
    },
    onExit: function (data) {
      report({ type: 'exit', data: data || {} }).then(function () { show(words.left); });
    },
    onEvent: function (data) {
      report({ type: 'event', data: data || {} });
    }
  }).build();
}());
