// Device map: region polygons (geo) with devices as a scatter, green online and red offline.
function zhianDeviceMap(elementId, url, onClickBase) {
  var el = document.getElementById(elementId);
  if (!el || typeof echarts === 'undefined') { return; }
  fetch(url, { headers: { 'Accept': 'application/json' } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var features = data.regions.features.filter(function (f) { return f.geometry; });
      var mapName = 'zhian-devices-' + elementId;
      echarts.registerMap(mapName, { type: 'FeatureCollection', features: features.map(function (f) {
        return { type: 'Feature', geometry: f.geometry, properties: { name: f.properties.name } };
      }) });
      var point = function (d) { return { value: [d[0], d[1]], name: d[3], id: d[4] }; };
      var online = data.devices.filter(function (d) { return d[2] === 1; }).map(point);
      var offline = data.devices.filter(function (d) { return d[2] !== 1; }).map(point);
      var chart = echarts.init(el);
      var option = {
        tooltip: { trigger: 'item', formatter: function (p) { return p.name; } },
        series: [
          { type: 'scatter', coordinateSystem: 'geo', symbolSize: 4, itemStyle: { color: '#2e9d4f' }, data: online, large: true },
          { type: 'scatter', coordinateSystem: 'geo', symbolSize: 7, itemStyle: { color: '#d9363e' }, data: offline, zlevel: 1 }
        ]
      };
      if (features.length > 0) {
        option.geo = { map: mapName, roam: true, label: { show: features.length <= 40, fontSize: 10, color: '#555' },
          itemStyle: { areaColor: '#eef3fa', borderColor: '#7e9ccc' }, emphasis: { itemStyle: { areaColor: '#dbe8f7' } } };
      } else {
        // no polygons: a plain lon/lat scatter
        option.xAxis = { scale: true, show: false }; option.yAxis = { scale: true, show: false };
        option.series.forEach(function (s) { s.coordinateSystem = 'cartesian2d'; });
      }
      chart.setOption(option);
      el.setAttribute('data-rendered', String(online.length + offline.length));
      el.setAttribute('data-offline', String(offline.length));
      chart.on('click', function (p) { if (p.data && p.data.id && onClickBase) { window.location = onClickBase + p.data.id; } });
      window.addEventListener('resize', function () { chart.resize(); });
    });
}

// Daily online rate of a month as a line chart (percent).
function zhianDailyRate(elementId, days, rates) {
  var el = document.getElementById(elementId);
  if (!el || typeof echarts === 'undefined') { return; }
  var chart = echarts.init(el);
  chart.setOption({
    grid: { left: 40, right: 16, top: 16, bottom: 30 },
    tooltip: { trigger: 'axis', valueFormatter: function (v) { return v == null ? '-' : v.toFixed(2) + '%'; } },
    xAxis: { type: 'category', data: days.map(function (d) { return d.substring(5); }) },
    yAxis: { type: 'value', min: function (v) { return Math.max(0, Math.floor(v.min - 5)); }, max: 100,
      axisLabel: { formatter: '{value}%' } },
    series: [{ type: 'line', data: rates, smooth: true, connectNulls: false, areaStyle: { opacity: 0.1 } }]
  });
  el.setAttribute('data-rendered', String(rates.length));
  window.addEventListener('resize', function () { chart.resize(); });
}
