// The wall screen: map + tiles + ranking from /api/v1/dashboard, live alarms over server-sent events.
(function () {
  var screen = document.getElementById('screen');
  var regionId = screen.getAttribute('data-region');
  var select = document.getElementById('indicator');
  var tiles = document.getElementById('tiles');
  var mapEl = document.getElementById('dashboard-map');
  var chart = null, mapName = null, selfMap = false, pending = null, loading = false;

  function text(tag, cls, value) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    el.textContent = value;
    return el;
  }

  function fmt(v) {
    if (v === null || v === undefined) { return null; }
    return Math.abs(v) >= 100 || v === Math.round(v) ? String(Math.round(v * 10) / 10) : v.toFixed(1);
  }

  function renderTiles(list) {
    tiles.textContent = '';
    list.forEach(function (t) {
      var a = document.createElement('a');
      a.className = 'tile' + (t.available ? '' : ' unavailable');
      a.href = t.link;
      a.setAttribute('data-code', t.code);
      a.title = tiles.getAttribute('data-records');
      a.appendChild(text('div', 'label', t.label));
      var value = text('div', 'value', t.available ? (fmt(t.value) === null ? tiles.getAttribute('data-nodata') : fmt(t.value))
        : tiles.getAttribute('data-unavailable'));
      if (t.available && t.value !== null) { value.appendChild(text('span', 'unit', t.unit)); }
      a.appendChild(value);
      if (t.available && t.delta !== null) {
        var arrow = t.delta > 0 ? '▲' : t.delta < 0 ? '▼' : '■';
        var good = t.delta === 0 ? 'flat' : ((t.delta > 0) === t.higherIsBetter ? 'good' : 'bad');
        a.appendChild(text('div', 'trend ' + good, arrow + ' ' + fmt(Math.abs(t.delta)) + ' ' + tiles.getAttribute('data-vs')));
      } else {
        a.appendChild(text('div', 'trend flat', '—'));
      }
      tiles.appendChild(a);
    });
  }

  function renderRanking(data) {
    var ol = document.getElementById('ranking');
    ol.textContent = '';
    var higher = data.indicator.higherIsBetter;
    var areas = data.areas.slice().sort(function (a, b) {
      if (a.value === null) { return 1; }
      if (b.value === null) { return -1; }
      return higher ? b.value - a.value : a.value - b.value;
    });
    areas.forEach(function (area) {
      var li = document.createElement('li');
      var link = text('a', 'area-link', area.name);
      link.href = screen.getAttribute('data-drill') + '?region=' + area.id + '&indicator=' + encodeURIComponent(select.value);
      link.setAttribute('data-id', area.id);
      li.appendChild(link);
      li.appendChild(text('b', null, !data.indicator.available ? tiles.getAttribute('data-unavailable')
        : area.value === null ? tiles.getAttribute('data-nodata') : fmt(area.value)));
      ol.appendChild(li);
    });
  }

  function renderMap(data) {
    if (!chart) { return; }
    var values = data.areas.filter(function (a) { return a.value !== null; }).map(function (a) { return a.value; });
    var min = values.length ? Math.min.apply(null, values) : 0, max = values.length ? Math.max.apply(null, values) : 1;
    if (min === max) { max = min + 1; }
    var series = data.areas.map(function (a) { return { name: a.name, id: a.id, value: a.value === null ? '-' : a.value }; });
    if (selfMap) { series = [{ name: data.region.name, id: data.region.id, value: '-' }]; }
    var colours = data.indicator.higherIsBetter ? ['#7a1f2b', '#c9a227', '#1f9d6b'] : ['#1f9d6b', '#c9a227', '#7a1f2b'];
    chart.setOption({
      tooltip: { trigger: 'item', formatter: function (p) {
        return p.name + '<br>' + data.indicator.label + ': ' + (p.value === '-' || isNaN(p.value) ? tiles.getAttribute('data-nodata')
          : fmt(p.value) + ' ' + data.indicator.unit);
      } },
      visualMap: { show: data.indicator.available && !selfMap, min: min, max: max, calculable: false, left: 10, bottom: 10,
        text: [fmt(max), fmt(min)], textStyle: { color: '#d7e6ff' }, inRange: { color: colours } },
      series: [{ type: 'map', map: mapName, roam: true, selectedMode: false,
        label: { show: true, color: '#e9f2ff', fontSize: Math.max(9, Math.round(window.innerWidth / 190)) },
        itemStyle: { areaColor: selfMap ? '#2f6bd0' : '#24406e', borderColor: '#7fc4ff', borderWidth: 1 },
        emphasis: { itemStyle: { areaColor: '#5fb0ff' }, label: { color: '#fff' } },
        data: series }]
    });
    mapEl.setAttribute('data-areas', String(chart.getOption().series[0].data.length));
  }

  function load() {
    if (loading) { pending = true; return; }
    loading = true;
    var url = screen.getAttribute('data-data') + '?region=' + encodeURIComponent(regionId) + '&indicator=' + encodeURIComponent(select.value);
    fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(function (data) {
        document.getElementById('month').textContent = data.month;
        document.getElementById('region-name').textContent = data.region.name;
        var up = document.getElementById('up-level');
        if (data.parent) {
          up.href = screen.getAttribute('data-drill') + '?region=' + data.parent.id + '&indicator=' + encodeURIComponent(select.value);
          up.hidden = false;
        }
        renderTiles(data.tiles);
        renderRanking(data);
        renderMap(data);
        document.getElementById('updated').textContent = new Date(data.generatedAt).toLocaleString(document.documentElement.lang, { hour12: false });
        screen.setAttribute('data-loaded', data.generatedAt);
      })
      .catch(function () { /* the next refresh tries again */ })
      .finally(function () {
        loading = false;
        if (pending) { pending = false; setTimeout(load, 500); }
      });
  }

  function initMap() {
    if (typeof echarts === 'undefined') { load(); return; }
    fetch(screen.getAttribute('data-map'), { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (geo) {
        selfMap = geo.self === true;
        if (geo.features.length > 0) {
          mapName = 'zhian-dashboard-' + regionId;
          echarts.registerMap(mapName, { type: 'FeatureCollection', features: geo.features.map(function (f) {
            return { type: 'Feature', geometry: f.geometry, properties: { name: f.properties.name, id: f.properties.id } };
          }) });
          chart = echarts.init(mapEl, null, { renderer: 'canvas' });
          window.zhianDashboardChart = chart;
          chart.on('click', function (p) {
            if (!selfMap && p.data && p.data.id) {
              window.location = screen.getAttribute('data-drill') + '?region=' + p.data.id + '&indicator=' + encodeURIComponent(select.value);
            }
          });
          window.addEventListener('resize', function () { chart.resize(); });
        }
        load();
      })
      .catch(load);
  }

  function ticker(event) {
    var ul = document.getElementById('ticker');
    var empty = ul.querySelector('.empty');
    if (empty) { empty.remove(); }
    var li = document.createElement('li');
    li.className = 'fresh';
    li.appendChild(text('span', 'when', new Date(event.at).toLocaleTimeString(document.documentElement.lang, { hour12: false })));
    li.appendChild(text('span', 'kind', event.kind === 'REQUESTED' ? ul.getAttribute('data-requested')
      : (window.zhianStages[event.stage] || event.stage)));
    li.appendChild(text('span', 'where', (event.region || '') + ' '));
    if (event.description) { li.appendChild(text('span', 'what', event.description)); }
    ul.insertBefore(li, ul.firstChild);
    while (ul.children.length > 30) { ul.removeChild(ul.lastChild); }
  }

  function setStatus(state) {
    var s = document.getElementById('live');
    s.setAttribute('data-state', state);
    s.textContent = s.getAttribute(state === 'live' ? 'data-live' : 'data-offline');
  }

  var opened = false, source = null;
  function connect() {
    source = new EventSource(screen.getAttribute('data-stream'));
    source.addEventListener('open', function () {
      if (opened) { load(); }  // whatever changed while we were away
      opened = true;
      setStatus('live');
    });
    source.addEventListener('alarm', function (e) { ticker(JSON.parse(e.data)); load(); });
    source.addEventListener('refresh', function () { load(); });
    source.addEventListener('error', function () {
      setStatus('offline');
      if (source.readyState === EventSource.CLOSED) { setTimeout(connect, 3000); }
    });
  }

  select.addEventListener('change', function () {
    history.replaceState(null, '', screen.getAttribute('data-drill') + '?region=' + regionId + '&indicator=' + encodeURIComponent(select.value));
    load();
  });
  initMap();
  connect();
  setInterval(load, 60000);
})();
