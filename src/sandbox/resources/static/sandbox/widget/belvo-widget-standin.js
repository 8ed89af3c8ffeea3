// Local stand-in for Belvo's Connect widget (belvo-widget-1-stable.js), served by the local
// profile only. Same entry point and callbacks as the real widget in update mode:
//   window.belvoSDK.createWidget(access, {callback, onExit, onEvent, locale}).build()
// It asks the emulator (with the access token only) what the link needs, shows one small form
// (the MFA code for token_required links, Heimdall's sandbox code is 111111; a new password for
// invalid ones), has the emulator re-validate the link, then calls callback(linkId, institution).
(function () {
  'use strict';
  var SESSION = '/sandbox/widget/session';

  var words = {
    en: { title: 'Belvo Connect (local stand-in)', token: 'MFA code sent by your bank (sandbox: 111111)',
          password: 'Your new bank password', submit: 'Continue', cancel: 'Cancel',
          wrong: 'That did not work, try again.', expired: 'This session has expired. Reload the page.' },
    es: { title: 'Belvo Connect (simulador local)', token: 'Código MFA de tu banco (sandbox: 111111)',
          password: 'Tu nueva contraseña del banco', submit: 'Continuar', cancel: 'Cancelar',
          wrong: 'No funcionó, inténtalo de nuevo.', expired: 'Esta sesión caducó. Recarga la página.' },
    pt: { title: 'Belvo Connect (simulador local)', token: 'Código MFA do seu banco (sandbox: 111111)',
          password: 'Sua nova senha do banco', submit: 'Continuar', cancel: 'Cancelar',
          wrong: 'Não funcionou, tente de novo.', expired: 'Esta sessão expirou. Recarregue a página.' }
  };

  function element(tag, props) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) { node[key] = props[key]; });
    return node;
  }

  function call(access, method, body) {
    return fetch(SESSION, {
      method: method,
      headers: Object.assign({ Authorization: 'Bearer ' + access },
        body ? { 'Content-Type': 'application/json' } : {}),
      body: body ? JSON.stringify(body) : undefined
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        return { ok: response.ok, status: response.status, json: json };
      });
    });
  }

  function firstError(json) {
    var error = Array.isArray(json) ? json[0] : json;
    return { code: (error && (error.code || error.type)) || 'unknown', message: (error && (error.message || error.detail)) || '' };
  }

  function createWidget(access, opts) {
    opts = opts || {};
    var t = words[opts.locale] || words.en;
    var noop = function () {};
    var onEvent = opts.onEvent || noop;
    var lastError = null;

    function build() {
      var host = document.getElementById('belvo') || document.body.appendChild(element('div', { id: 'belvo' }));
      var box = element('section', { id: 'belvo-standin' });
      box.style.border = '1px solid #c9cfd8';
      box.style.borderRadius = '10px';
      box.style.padding = '1rem';
      box.appendChild(element('h2', { textContent: t.title }));
      host.replaceChildren(box);

      call(access, 'GET').then(function (session) {
        if (!session.ok) {
          lastError = { code: 'ACCESS_TOKEN_NOT_VALID', message: t.expired };
          box.appendChild(element('p', { id: 'belvo-standin-error', textContent: t.expired }));
          onEvent({ eventName: 'ERROR', meta_data: { error_code: lastError.code, error_message: lastError.message,
            timestamp: new Date().toISOString() } });
          return;
        }
        var asks = session.json.asks;
        var institution = session.json.institution;
        var form = element('form', { id: 'belvo-standin-form' });
        var label = element('label', { htmlFor: 'belvo-standin-input', textContent: t[asks] });
        var input = element('input', { id: 'belvo-standin-input', name: asks,
          type: asks === 'token' ? 'text' : 'password', autocomplete: 'one-time-code', required: true });
        var message = element('p', { id: 'belvo-standin-error', role: 'alert' });
        var submit = element('button', { id: 'belvo-standin-submit', type: 'submit', textContent: t.submit });
        var cancel = element('button', { id: 'belvo-standin-cancel', type: 'button', textContent: t.cancel });
        [label, element('br'), input, message, submit, cancel].forEach(function (node) { form.appendChild(node); });
        box.appendChild(form);
        onEvent({ eventName: 'PAGE_LOAD', meta_data: { page: asks === 'token' ? 'mfaToken' : 'credentials',
          institution_name: institution, timestamp: new Date().toISOString() } });

        form.addEventListener('submit', function (event) {
          event.preventDefault();
          submit.disabled = true;
          var answer = {};
          answer[asks] = input.value;
          call(access, 'POST', answer).then(function (result) {
            submit.disabled = false;
            if (result.ok && result.json.status === 'valid') {
              form.remove();
              opts.callback && opts.callback(result.json.link_id, result.json.institution);
              return;
            }
            lastError = firstError(result.json);
            message.textContent = t.wrong;
            input.value = '';
            onEvent({ eventName: 'ERROR', meta_data: { error_code: lastError.code, error_message: lastError.message,
              institution_name: institution, timestamp: new Date().toISOString() } });
          });
        });
        cancel.addEventListener('click', function () {
          form.remove();
          (opts.onExit || noop)({ last_encountered_error: lastError,
            meta_data: { institution_name: institution, step: 'abandon-survey' } });
        });
      });
    }

    return { build: build };
  }

  window.belvoSDK = { createWidget: createWidget };
}());
