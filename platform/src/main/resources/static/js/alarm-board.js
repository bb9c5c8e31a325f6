// The live dispatch board: server-sent events bring new and changed alarms, each card is fetched as
// server-rendered HTML; after a reconnect (network loss, server restart) the whole list is reloaded.
(function () {
  var cards = document.getElementById('cards');
  if (!cards) { return; }
  var wrapper = cards.querySelector('.contents');
  var status = document.getElementById('board-status');
  var soundButton = document.getElementById('sound-toggle');
  var audio = null;
  var opened = false;
  var source = null;

  function setStatus(state, text) {
    status.setAttribute('data-state', state);
    status.className = 'badge ' + (state === 'live' ? 'text-bg-success' : state === 'offline' ? 'text-bg-danger' : 'text-bg-secondary');
    status.textContent = text;
  }

  // Browsers block sound until the user acts: the button creates the audio context.
  soundButton.addEventListener('click', function () {
    if (!audio) {
      audio = new (window.AudioContext || window.webkitAudioContext)();
    }
    audio.resume();
    soundButton.textContent = soundButton.getAttribute('data-on');
    soundButton.classList.replace('btn-outline-primary', 'btn-success');
    beep();
  });

  function beep() {
    if (!audio) { return; }
    [0, 0.25].forEach(function (offset) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = 'square';
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.15, audio.currentTime + offset);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + offset + 0.2);
      osc.connect(gain).connect(audio.destination);
      osc.start(audio.currentTime + offset);
      osc.stop(audio.currentTime + offset + 0.2);
    });
  }

  function fetchHtml(url) {
    return fetch(url, { headers: { 'Accept': 'text/html' }, credentials: 'same-origin' }).then(function (r) {
      if (r.redirected && r.url.indexOf('/login') >= 0) { window.location.reload(); throw new Error('signed out'); }
      if (!r.ok) { throw new Error('HTTP ' + r.status); }
      return r.text();
    });
  }

  function parse(html) {
    var box = document.createElement('div');
    box.innerHTML = html;
    return box;
  }

  function updateEmpty() {
    document.getElementById('board-empty').classList.toggle('d-none', wrapper.querySelector('.alarm-card') !== null);
  }

  function showAlarm(data) {
    fetchHtml(cards.getAttribute('data-cards') + '/' + data.id).then(function (html) {
      var card = parse(html).querySelector('.alarm-card');
      if (!card) { return; }
      var existing = document.getElementById('alarm-' + data.id);
      if (existing) {
        existing.replaceWith(card);
      } else {
        wrapper.prepend(card);
        card.classList.add('alarm-new');
        if (data.stage === 'RECEIVED') { beep(); }
      }
      if (window.htmx) { htmx.process(card); }
      updateEmpty();
      updateMap();
      tick();
    }).catch(function () {});
  }

  function refreshAll() {
    fetchHtml(cards.getAttribute('data-cards')).then(function (html) {
      var fresh = parse(html).querySelector('.contents');
      if (!fresh) { return; }
      wrapper.innerHTML = fresh.innerHTML;
      if (window.htmx) { htmx.process(wrapper); }
      updateEmpty();
      updateMap();
      tick();
    }).catch(function () {});
  }

  function connect() {
    source = new EventSource(cards.getAttribute('data-stream'));
    source.addEventListener('open', function () {
      if (opened) { refreshAll(); }  // whatever happened while we were away
      opened = true;
      setStatus('live', status.getAttribute('data-live') || '实时');
    });
    source.addEventListener('alarm', function (e) { showAlarm(JSON.parse(e.data)); });
    source.addEventListener('error', function () {
      setStatus('offline', status.getAttribute('data-offline') || '重连中…');
      // EventSource retries on its own unless the answer was not a stream (e.g. signed out after a restart)
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(function () { refreshAll(); connect(); }, 3000);
      }
    });
  }

  // The stage timer: amber from 80 % of the stage's target, red past it.
  function tick() {
    var now = Date.now();
    document.querySelectorAll('#cards .timer').forEach(function (t) {
      var stage = t.getAttribute('data-stage');
      var final = t.getAttribute('data-final') === 'true';
      var since = Number(t.getAttribute(stage === 'RECEIVED' || stage === 'DISPATCHED' || stage === 'EN_ROUTE' ? 'data-received' : 'data-stage-at'));
      var seconds = Math.max(0, Math.floor((now - since) / 1000));
      var target = stage === 'RECEIVED' ? Number(t.getAttribute('data-dt')) * 60
        : (stage === 'DISPATCHED' || stage === 'EN_ROUTE') ? Number(t.getAttribute('data-at')) * 60 : 0;
      var mm = Math.floor(seconds / 60), ss = seconds % 60;
      t.textContent = final ? '—' : (mm < 10 ? '0' : '') + mm + ':' + (ss < 10 ? '0' : '') + ss;
      var level = final || !target ? 'none' : seconds >= target ? 'red' : seconds >= 0.8 * target ? 'amber' : 'green';
      t.setAttribute('data-level', level);
      t.className = 'badge timer ms-auto font-monospace ' + (level === 'red' ? 'text-bg-danger' : level === 'amber' ? 'text-bg-warning'
        : level === 'green' ? 'text-bg-success' : 'text-bg-light border');
    });
  }

  // The overview map: the user's area with a marker for every open alarm (its point, else its region's centre).
  var mapEl = document.getElementById('board-map');
  var chart = null;
  function updateMap() {
    if (!chart) { return; }
    var points = [];
    wrapper.querySelectorAll('.alarm-card').forEach(function (c) {
      var lon = c.getAttribute('data-lon'), lat = c.getAttribute('data-lat');
      if (lon && lat && c.getAttribute('data-final') !== 'true') {
        points.push({ name: c.getAttribute('data-no'), value: [Number(lon), Number(lat)], id: c.id,
          itemStyle: { color: c.getAttribute('data-stage') === 'RECEIVED' ? '#dc3545' : '#0d6efd' } });
      }
    });
    chart.setOption({ series: [{ id: 'alarms', data: points }] });
    mapEl.setAttribute('data-markers', String(points.length));
  }
  if (mapEl && typeof echarts !== 'undefined') {
    fetch(mapEl.getAttribute('data-url'), { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (geo) {
        var features = geo ? geo.features.filter(function (f) { return f.geometry; }) : [];
        if (features.length === 0) { mapEl.style.display = 'none'; return; }
        echarts.registerMap('zhian-board', { type: 'FeatureCollection', features: features.map(function (f) {
          return { type: 'Feature', geometry: f.geometry, properties: { name: f.properties.name } };
        }) });
        chart = echarts.init(mapEl);
        chart.setOption({
          tooltip: { trigger: 'item', formatter: '{b}' },
          geo: { map: 'zhian-board', roam: true, label: { show: features.length <= 12, fontSize: 9, color: '#667' },
            itemStyle: { areaColor: '#eef3fa', borderColor: '#9bb3d6' }, emphasis: { disabled: true } },
          series: [{ id: 'alarms', type: 'effectScatter', coordinateSystem: 'geo', symbolSize: 10, data: [],
            rippleEffect: { scale: 3 }, label: { show: false } }]
        });
        chart.on('click', function (p) {
          if (p.data && p.data.id) { document.getElementById(p.data.id).scrollIntoView({ behavior: 'smooth', block: 'center' }); }
        });
        window.addEventListener('resize', function () { chart.resize(); });
        updateMap();
      }).catch(function () { mapEl.style.display = 'none'; });
  }

  setInterval(tick, 1000);
  tick();
  connect();
})();
