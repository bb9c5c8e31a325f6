// The phone survey form. Every answer and every visit outcome goes into a queue kept in localStorage first,
// then is sent; when the network is down it stays queued and is sent when the network returns. Each response
// carries a UUID made here, so a response sent twice (the answer to the first send was lost) is stored once.
(function () {
  'use strict';
  var QUEUE = 'zhian.survey.queue';
  var REJECTED = 'zhian.survey.rejected';
  var form = document.getElementById('survey-form');
  if (!form) { return; }
  var holder = document.getElementById('survey-questions');
  var questions = JSON.parse(document.getElementById('survey-definition').textContent || '[]');
  var message = document.getElementById('survey-message');
  var flushing = false;

  function read(key) {
    try { return JSON.parse(localStorage.getItem(key)) || []; } catch (e) { return []; }
  }
  function write(key, items) { localStorage.setItem(key, JSON.stringify(items)); render(); }

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function csrfHeaders() {
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header) { headers[header.content] = token.content; }
    return headers;
  }

  function show(text, kind) {
    message.textContent = text;
    message.className = 'alert alert-' + kind;
  }

  // ---- the questions ----

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  questions.forEach(function (q, i) {
    var box = el('div', { 'class': 'mb-3 question', 'data-name': q.name, id: 'q-' + q.name });
    var label = el('div', { 'class': 'form-label fw-semibold' }, (i + 1) + '. ' + q.label);
    if (q.required) { label.appendChild(el('span', { 'class': 'text-danger' }, ' *')); }
    box.appendChild(label);
    if (q.type === 'SINGLE' || q.type === 'SCALE5' || q.type === 'MULTIPLE') {
      var group = el('div', { 'class': 'd-grid gap-1' });
      q.choices.forEach(function (c, j) {
        var id = 'q-' + q.name + '-' + j;
        var input = el('input', { type: q.type === 'MULTIPLE' ? 'checkbox' : 'radio', 'class': 'btn-check', name: q.name, value: c.name, id: id, autocomplete: 'off' });
        group.appendChild(input);
        group.appendChild(el('label', { 'class': 'btn btn-outline-primary text-start', 'for': id }, c.label));
      });
      box.appendChild(group);
    } else if (q.type === 'NUMBER') {
      box.appendChild(el('input', { type: 'number', inputmode: 'decimal', step: 'any', 'class': 'form-control', name: q.name }));
    } else {
      box.appendChild(el('textarea', { 'class': 'form-control', rows: '2', name: q.name }));
    }
    box.appendChild(el('div', { 'class': 'field-error d-none' }));
    holder.appendChild(box);
  });

  function valueOf(q, answers) {
    var inputs = form.querySelectorAll('[name="' + q.name + '"]');
    if (q.type === 'MULTIPLE') {
      var picked = [];
      inputs.forEach(function (x) { if (x.checked) { picked.push(x.value); } });
      return picked.length ? picked : null;
    }
    if (q.type === 'SINGLE' || q.type === 'SCALE5') {
      var v = null;
      inputs.forEach(function (x) { if (x.checked) { v = x.value; } });
      return v;
    }
    var t = inputs[0].value.trim();
    return t === '' ? null : t;
  }

  // XLSForm-style conditions, the same three forms the server accepts
  function shown(q, answers) {
    var r = (q.relevant || '').trim();
    if (!r) { return true; }
    var m = r.match(/^\$\{([A-Za-z_][A-Za-z0-9_]*)\}\s*(=|!=)\s*'([^']*)'$/) ||
            r.match(/^selected\(\s*\$\{([A-Za-z_][A-Za-z0-9_]*)\}\s*,\s*'([^']*)'\s*\)$/);
    if (!m) { return true; }
    var op = m.length === 4 ? m[2] : 'selected';
    var value = m.length === 4 ? m[3] : m[2];
    var a = answers[m[1]];
    var values = a == null ? [] : Array.isArray(a) ? a : [a];
    var has = values.indexOf(value) >= 0;
    return op === '!=' ? !has : has;
  }

  function collect() {
    var answers = {};
    questions.forEach(function (q) {
      var box = document.getElementById('q-' + q.name);
      var visible = shown(q, answers);
      box.classList.toggle('d-none', !visible);
      if (!visible) { return; }
      var v = valueOf(q, answers);
      if (v != null) { answers[q.name] = v; }
    });
    return answers;
  }

  form.addEventListener('change', collect);
  collect();

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var answers = collect();
    var missing = 0;
    questions.forEach(function (q) {
      var box = document.getElementById('q-' + q.name);
      var err = box.querySelector('.field-error');
      var bad = q.required && !box.classList.contains('d-none') && answers[q.name] == null;
      err.textContent = bad ? form.dataset.required : '';
      err.classList.toggle('d-none', !bad);
      if (bad) { missing++; }
    });
    if (missing > 0) { show(form.dataset.invalid, 'danger'); return; }
    var id = uuid();
    var queue = read(QUEUE);
    queue.push({ id: id, kind: 'response', url: '/api/v1/survey/responses', body: {
      clientUuid: id, campaignId: Number(form.dataset.campaign), villageId: Number(form.dataset.village),
      answers: answers, collectedAt: new Date().toISOString() } });
    write(QUEUE, queue);
    form.reset();
    collect();
    show(form.dataset.saved, 'info');
    window.scrollTo(0, 0);
    flush();
  });

  // ---- visit outcomes (kept apart from the answers) ----

  document.querySelectorAll('[data-visit] [data-outcome]').forEach(function (button) {
    button.addEventListener('click', function () {
      var li = button.closest('[data-visit]');
      var queue = read(QUEUE);
      queue.push({ id: uuid(), kind: 'visit', url: '/api/v1/survey/visits/' + li.dataset.visit,
        body: { outcome: button.dataset.outcome, at: new Date().toISOString() } });
      write(QUEUE, queue);
      li.querySelector('.visit-outcome').textContent = button.textContent;
      flush();
    });
  });

  // ---- sending ----

  function flush() {
    if (flushing) { return Promise.resolve(); }
    flushing = true;
    var sent = 0;
    function next() {
      var queue = read(QUEUE);
      if (queue.length === 0) { return Promise.resolve(); }
      var item = queue[0];
      return fetch(item.url, { method: 'POST', headers: csrfHeaders(), body: JSON.stringify(item.body), credentials: 'same-origin' })
        .then(function (response) {
          if (response.ok) {
            write(QUEUE, read(QUEUE).filter(function (x) { return x.id !== item.id; }));
            if (item.kind === 'response') { sent++; }
            return next();
          }
          if (response.status === 401 || response.status === 403) {
            document.getElementById('queue-note').textContent = form.dataset.signin;
            return null; // keep it: sent after signing in again
          }
          // refused for good (bad input, conflict): keep it aside so it is never silently lost
          return response.text().then(function (detail) {
            var rejected = read(REJECTED);
            rejected.push({ item: item, status: response.status, detail: detail });
            localStorage.setItem(REJECTED, JSON.stringify(rejected));
            write(QUEUE, read(QUEUE).filter(function (x) { return x.id !== item.id; }));
            show(form.dataset.rejected + ' ' + detail, 'danger');
            return next();
          });
        });
    }
    return next().catch(function () { /* offline: stays queued */ })
      .then(function () {
        flushing = false;
        if (sent > 0) { show(form.dataset.sent, 'success'); }
        render();
      });
  }

  function render() {
    var n = read(QUEUE).length;
    document.getElementById('queue-count').textContent = String(n);
    document.getElementById('queue-status').classList.toggle('d-none', n === 0 && read(REJECTED).length === 0);
    var badge = document.getElementById('net-status');
    badge.textContent = navigator.onLine ? badge.dataset.online : badge.dataset.offline;
    badge.className = 'badge ' + (navigator.onLine ? 'bg-success' : 'bg-secondary');
  }

  document.getElementById('queue-send').addEventListener('click', flush);
  window.addEventListener('online', function () { render(); flush(); });
  window.addEventListener('offline', render);
  setInterval(flush, 5000);
  render();
  flush();
  window.zhianSurvey = { flush: flush, queued: function () { return read(QUEUE); } };

  // the page and its script are cached by a service worker so that a reload without network still opens the form
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/survey/sw.js', { scope: '/survey/' }).catch(function () { /* optional */ });
  }
})();
