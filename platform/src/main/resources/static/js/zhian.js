// htmx requests carry the CSRF token that Spring Security expects on every POST.
document.addEventListener('htmx:configRequest', function (event) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});

// Draws a region's children as a map with ECharts, from the GeoJSON FeatureCollection API.
function zhianRegionMap(elementId, url, onClickBase) {
  var el = document.getElementById(elementId);
  if (!el || typeof echarts === 'undefined') { return; }
  fetch(url, { headers: { 'Accept': 'application/json' } })
    .then(function (r) { return r.json(); })
    .then(function (geo) {
      var features = geo.features.filter(function (f) { return f.geometry; });
      if (features.length === 0) { el.style.display = 'none'; return; }
      var mapName = 'zhian-' + elementId;
      echarts.registerMap(mapName, { type: 'FeatureCollection', features: features.map(function (f) {
        return { type: 'Feature', geometry: f.geometry, properties: { name: f.properties.name, id: f.properties.id } };
      }) });
      var chart = echarts.init(el);
      chart.setOption({
        tooltip: { trigger: 'item', formatter: '{b}' },
        series: [{ type: 'map', map: mapName, roam: true, label: { show: features.length <= 40, fontSize: 10 },
          itemStyle: { areaColor: '#dbe8f7', borderColor: '#3d6fb6' },
          emphasis: { itemStyle: { areaColor: '#9ec1ea' } },
          data: features.map(function (f) { return { name: f.properties.name, id: f.properties.id }; }) }]
      });
      el.setAttribute('data-rendered', String(features.length));
      chart.on('click', function (p) { if (p.data && p.data.id && onClickBase) { window.location = onClickBase + p.data.id; } });
      window.addEventListener('resize', function () { chart.resize(); });
    });
}
