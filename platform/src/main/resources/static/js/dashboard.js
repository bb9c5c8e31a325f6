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
      if (t.target !== null && t.target !== undefined) {
        var badge = text('span', 'target ' + (t.targetMet ? 'met' : 'missed'), tiles.getAttribute('data-target') + ' ' + fmt(t.target));
        badge.title = tiles.getAttribute(t.targetMet ? 'data-met' : 'data-missed');
        a.appendChild(badge);
      }
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
      var shown = !data.indicator.available ? tiles.getAttribute('data-unavailable')
        : area.value === null ? tiles.getAttribute('data-nodata') : fmt(area.value);
      var b = document.createElement('b');
      b.appendChild(area.link ? cellLink(area.link, shown) : document.createTextNode(shown));
      li.appendChild(b);
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
        text: [fmt(max), fmt(min)], textStyle: { color: '#d7e6ff', fontSize: legendText.fontSize },
        itemWidth: Math.max(14, Math.round(window.innerWidth / 100)), itemHeight: Math.max(100, Math.round(window.innerHeight / 7)),
        inRange: { color: colours } },
      series: [{ type: 'map', map: mapName, roam: true, selectedMode: false,
        label: { show: true, color: '#e9f2ff', fontSize: Math.max(9, Math.round(window.innerWidth / 190)) },
        itemStyle: { areaColor: selfMap ? '#2f6bd0' : '#24406e', borderColor: '#7fc4ff', borderWidth: 1 },
        emphasis: { itemStyle: { areaColor: '#5fb0ff' }, label: { color: '#fff' } },
        data: series }]
    });
    mapEl.setAttribute('data-areas', String(chart.getOption().series[0].data.length));
  }

  // a chart follows its panel's size: the tiles above it arrive later and change the rows' heights
  function follow(el, c) {
    if (typeof ResizeObserver !== 'undefined') {
      new ResizeObserver(function () { c.resize(); }).observe(el);
    } else {
      window.addEventListener('resize', function () { c.resize(); });
    }
  }

  var charts = {};
  function chartOf(id) {
    if (typeof echarts === 'undefined') { return null; }
    if (!charts[id]) {
      charts[id] = echarts.init(document.getElementById(id), null, { renderer: 'canvas' });
      charts[id].on('click', function (p) { if (p.data && p.data.link) { window.location = p.data.link; } });
      follow(document.getElementById(id), charts[id]);
    }
    return charts[id];
  }
  // chart text grows with the screen like the page's own (vw-based) text; recomputed when the window is resized
  var axisText = {}, legendText = {};
  function textSizes() {
    axisText = { color: '#9fbbe6', fontSize: Math.max(9, Math.round(window.innerWidth / 200)) };
    legendText = { color: '#d7e6ff', fontSize: Math.max(9, Math.round(window.innerWidth / 190)) };
  }
  textSizes();
  var lastData = null, resizeTimer = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      textSizes();
      if (lastData) { renderMap(lastData); renderPanels(lastData); }
    }, 200);
  });

  function cellLink(href, value) {
    var a = document.createElement('a');
    a.textContent = value;
    if (href) { a.href = href; }
    return a;
  }

  function renderSurvey(panels) {
    var table = document.getElementById('survey');
    table.textContent = '';
    var t = panels.survey;
    var head = document.createElement('tr');
    head.appendChild(text('th', null, table.getAttribute('data-area')));
    t.columns.forEach(function (c) { head.appendChild(text('th', null, c.label)); });
    table.appendChild(head);
    var rows = t.rows.slice().sort(function (a, b) {
      var x = a.cells.length ? a.cells[0].value : null, y = b.cells.length ? b.cells[0].value : null;
      if (x === null) { return 1; } if (y === null) { return -1; } return y - x;
    });
    rows.forEach(function (r) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-id', r.id);
      tr.appendChild(text('td', null, r.name));
      r.cells.forEach(function (c) {
        var td = document.createElement('td');
        if (c.targetMet !== null && c.targetMet !== undefined) {
          td.className = c.targetMet ? 'met' : 'missed';
          td.title = table.getAttribute('data-target') + ' ' + fmt(c.target);
        }
        td.appendChild(cellLink(c.link, c.value === null ? '—' : fmt(c.value)));
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    var ul = document.getElementById('rankings');
    ul.textContent = '';
    (panels.rankings || []).forEach(function (r) {
      var li = document.createElement('li');
      var name = cellLink(panels.rankingsLink, r.unit + ' · ' + r.period);
      li.appendChild(name);
      li.appendChild(text('span', null, ul.getAttribute('data-rank') + ' ' + r.rank + ' / ' + ul.getAttribute('data-target') + ' ' + r.target));
      li.appendChild(text('span', 'gap ' + (r.gap > 0 ? 'behind' : 'ahead'),
        r.gap > 0 ? ul.getAttribute('data-behind').replace('{0}', r.gap) : ul.getAttribute('data-ahead')));
      ul.appendChild(li);
    });
  }

  function renderDispatch(panels) {
    var c = chartOf('dispatch-chart');
    if (!c) { return; }
    var t = panels.dispatch;
    var minutes = t.columns.map(function (col, i) { return { col: col, i: i }; })
      .filter(function (x) { return x.col.unit !== '%'; });
    var names = t.rows.map(function (r) { return r.name; });
    c.setOption({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { textStyle: legendText, top: 0 },
      grid: { left: 4, right: 8, top: 24, bottom: 4, containLabel: true },
      xAxis: { type: 'value', axisLabel: axisText, splitLine: { lineStyle: { color: '#1a3b73' } } },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: axisText },
      series: minutes.map(function (x) {
        return { name: x.col.label, type: 'bar', barMaxWidth: 8,
          data: t.rows.map(function (r) { var cell = r.cells[x.i]; return { value: cell.value === null ? '-' : cell.value, link: cell.link }; }) };
      })
    }, true);
  }

  function renderDevices(panels) {
    var c = chartOf('devices-chart');
    if (!c) { return; }
    var t = panels.devices, data = [];
    t.rows.forEach(function (r, y) {
      r.cells.forEach(function (cell, x) {
        data.push({ value: [x, y, cell.value === null ? '-' : cell.value], link: cell.link });
      });
    });
    c.setOption({
      tooltip: { formatter: function (p) {
        return t.rows[p.value[1]].name + ' · ' + t.columns[p.value[0]].label + ': ' + (p.value[2] === '-' ? '—' : fmt(p.value[2]) + '%');
      } },
      grid: { left: 4, right: 4, top: 4, bottom: 4, containLabel: true },
      xAxis: { type: 'category', data: t.columns.map(function (col) { return col.label.replace('在线率', ''); }),
        axisLabel: { color: axisText.color, fontSize: axisText.fontSize, interval: 0, rotate: 30 }, position: 'top' },
      yAxis: { type: 'category', data: t.rows.map(function (r) { return r.name; }), inverse: true, axisLabel: axisText },
      visualMap: { show: false, min: 50, max: 100, inRange: { color: ['#7a1f2b', '#c9a227', '#1f9d6b'] } },
      series: [{ type: 'heatmap', data: data, label: { show: t.rows.length <= 12, color: '#fff', fontSize: axisText.fontSize } }]
    }, true);
  }

  function renderDisputes(panels) {
    var c = chartOf('disputes-chart');
    if (!c) { return; }
    var s = panels.disputes;
    c.setOption({
      tooltip: { trigger: 'axis' },
      legend: { textStyle: legendText, top: 0 },
      grid: { left: 4, right: 8, top: 24, bottom: 4, containLabel: true },
      xAxis: { type: 'category', data: s.months.map(function (m) { return m.substring(2); }), axisLabel: axisText },
      yAxis: { type: 'value', axisLabel: axisText, splitLine: { lineStyle: { color: '#1a3b73' } } },
      series: s.lines.map(function (line, i) {
        return { name: line.label, type: i === 0 ? 'bar' : 'line', barMaxWidth: 12, smooth: true,
          data: s.values[i].map(function (cell) { return { value: cell.value === null ? '-' : cell.value, link: cell.link }; }) };
      })
    }, true);
  }

  function renderPanels(data) {
    if (!data.panels) { return; }
    renderSurvey(data.panels);
    renderDispatch(data.panels);
    renderDevices(data.panels);
    renderDisputes(data.panels);
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
        lastData = data;
        renderMap(data);
        renderPanels(data);
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
          follow(mapEl, chart);
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
    // the figures follow with the 'refresh' the server sends once it has recomputed them
    source.addEventListener('alarm', function (e) { ticker(JSON.parse(e.data)); });
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
